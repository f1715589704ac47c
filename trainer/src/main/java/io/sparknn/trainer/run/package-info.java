/**
 * One run for every task: {@link io.sparknn.trainer.run.TrainingRun} decides from
 * {@code output.mode} how the output directory is used, checks a resume against its checkpoint
 * ({@link io.sparknn.trainer.run.ResumeCheck}), opens the task's data
 * ({@link io.sparknn.trainer.run.RunTask}: a table of examples or a text) and only then writes;
 * it trains with the engine's {@link io.sparknn.engine.train.TrainingLoop} and its listeners in
 * order: step lines and progress ({@link io.sparknn.trainer.run.StepLog}), the task's scores and
 * early stopping ({@link io.sparknn.trainer.run.Scoring}), checkpoints
 * ({@link io.sparknn.trainer.run.Checkpointing}), then any a caller adds.
 */
package io.sparknn.trainer.run;
