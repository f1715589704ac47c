/**
 * Spark ML pipeline stages over the trainer: {@link io.sparknn.trainer.ml.NeuralNetClassifier} (a
 * {@code ProbabilisticClassifier}) and {@link io.sparknn.trainer.ml.NeuralNetRegressor} (a
 * {@code Regressor}) and their models. Their params ({@link io.sparknn.trainer.ml.NeuralNetParams})
 * become a job config read by {@link io.sparknn.trainer.config.ConfigReader} ({@link
 * io.sparknn.trainer.ml.FitConfig}), so the network, optimizer and schedule JSON have the job's
 * schema and errors; {@code fit} checks the rows ({@link io.sparknn.trainer.ml.RowCheck}) and runs
 * the train job's own {@link io.sparknn.trainer.run.TrainingRun} on them ({@link
 * io.sparknn.trainer.ml.FitRun}), so a fit gives the job's weights bit for bit. Models transform on
 * the executors with the weights broadcast once per call ({@link io.sparknn.trainer.ml.Scorer}) and
 * save as Spark ML metadata plus the job's {@code model.bin} ({@link io.sparknn.trainer.ml.ModelIO}).
 */
package io.sparknn.trainer.ml;
