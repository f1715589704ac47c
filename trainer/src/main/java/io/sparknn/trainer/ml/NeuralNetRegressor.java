package io.sparknn.trainer.ml;

import io.sparknn.engine.loss.LossKind;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A neural-network regressor for Spark ML pipelines, trained by the train job's distributed loop:
 * features from an {@code ml.linalg} vector column, one numeric target per row; the network (a JSON
 * {@code network} object of the job config) ends in one output with loss {@code mse}.
 */
public final class NeuralNetRegressor extends Regressor<Vector, NeuralNetRegressor, NeuralNetRegressionModel>
        implements NeuralNetParams<NeuralNetRegressor>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final TrainingParams training;

    public NeuralNetRegressor() {
        this(Identifiable.randomUID("nnRegressor"));
    }

    public NeuralNetRegressor(String uid) {
        this(Uids.hold(uid));
    }

    private NeuralNetRegressor(Uids.Held held) {
        this.uid = held.release();
        this.training = new TrainingParams(this);
        training.setDefaults(this);
    }

    @Override
    public String uid() {
        return Uids.orPending(uid);
    }

    @Override
    public TrainingParams trainingParams() {
        return training;
    }

    @Override
    public NeuralNetRegressor self() {
        return this;
    }

    @Override
    public NeuralNetRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** MLlib's column checks, then the params as a job config: a stage that cannot train fails here. */
    @Override
    public StructType transformSchema(StructType schema) {
        StructType out = super.transformSchema(schema);
        checkLoss();
        FitConfig.of(this, getFeaturesCol(), getLabelCol(), FitConfig.Task.REGRESSION, "rows", "unused");
        return out;
    }

    @Override
    public NeuralNetRegressionModel train(Dataset<?> data) {
        checkLoss();
        return new NeuralNetRegressionModel(
                uid(), FitRun.fit(this, data, getFeaturesCol(), getLabelCol(), FitConfig.Task.REGRESSION));
    }

    private void checkLoss() {
        LossKind loss = FitConfig.loss(this);
        if (loss != LossKind.MSE) {
            throw new IllegalArgumentException(uid() + ": a regressor's network ends in one output with loss mse; this "
                    + "one has loss " + loss.text() + " (for classes use NeuralNetClassifier)");
        }
    }

    /** What Pipeline and CrossValidator loading call. */
    public static MLReader<NeuralNetRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static NeuralNetRegressor load(String path) {
        return read().load(path);
    }
}
