package io.sparknn.trainer.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A fitted {@link NeuralNetRegressor}: the trained network applied on the executors ({@link
 * Scorer}), saved and loaded on any Hadoop path ({@link ModelIO}).
 */
public final class NeuralNetRegressionModel extends RegressionModel<Vector, NeuralNetRegressionModel>
        implements NeuralNetModel {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final TrainedNetwork trained;

    NeuralNetRegressionModel(String uid, TrainedNetwork trained) {
        this(Uids.hold(uid), trained);
    }

    private NeuralNetRegressionModel(Uids.Held held, TrainedNetwork trained) {
        this.uid = held.release();
        this.trained = trained;
    }

    @Override
    public String uid() {
        return Uids.orPending(uid);
    }

    @Override
    public TrainedNetwork trained() {
        return trained;
    }

    @Override
    public int numFeatures() {
        return trained.numFeatures();
    }

    /** One row's value, computed on the driver ({@link #transform} computes on the executors). */
    @Override
    public double predict(Vector features) {
        return trained.outputs(features)[0];
    }

    /** Every input column and the prediction, computed where the rows are, the weights broadcast once. */
    @Override
    public Dataset<Row> transform(Dataset<?> data) {
        transformSchema(data.schema(), true);
        return new Scorer(getFeaturesCol(), "", "", getPredictionCol(), null).transform(data, trained.model());
    }

    @Override
    public NeuralNetRegressionModel copy(ParamMap extra) {
        NeuralNetRegressionModel copy = copyValues(new NeuralNetRegressionModel(uid, trained), extra);
        return copy.setParent(parent());
    }

    /** What Pipeline and CrossValidator loading call. */
    public static MLReader<NeuralNetRegressionModel> read() {
        return ModelIO.reader(NeuralNetRegressionModel.class, NeuralNetRegressionModel::new);
    }

    public static NeuralNetRegressionModel load(String path) {
        return read().load(path);
    }
}
