package io.sparknn.trainer.ml;

import io.sparknn.engine.Network;
import io.sparknn.engine.io.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A fitted {@link NeuralNetRegressor}: the trained network applied on the executors ({@link
 * Scorer}), saved and loaded on any Hadoop path ({@link ModelIO}).
 */
public final class NeuralNetRegressionModel extends RegressionModel<Vector, NeuralNetRegressionModel>
        implements MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final Model model;
    private NeuralNetSummary summary;
    /** For {@link #predict} on the driver, made on first use. */
    private transient Network local;

    NeuralNetRegressionModel(String uid, Model model) {
        this(Uids.hold(uid), model);
    }

    private NeuralNetRegressionModel(Uids.Held held, Model model) {
        this.uid = held.release();
        this.model = model;
    }

    NeuralNetRegressionModel withSummary(NeuralNetSummary s) {
        this.summary = s;
        return this;
    }

    @Override
    public String uid() {
        return uid != null ? uid : Uids.pending();
    }

    /** The trained network, its weights and the optimizer's state, as the train job's {@code model.bin} holds them. */
    public Model network() {
        return model;
    }

    @Override
    public int numFeatures() {
        return model.spec().input().size();
    }

    /** What the fit did; a loaded model has none. */
    public NeuralNetSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("no summary: " + uid + " was loaded, not fitted here");
        }
        return summary;
    }

    public boolean hasSummary() {
        return summary != null;
    }

    /** One row's value, computed on the driver ({@link #transform} computes on the executors). */
    @Override
    public synchronized double predict(Vector features) {
        if (local == null) {
            local = model.toNetwork(Network.Options.of(model.precision(), 1));
        }
        return Scorer.outputs(local, model.preprocessing(), features)[0];
    }

    /** Every input column and the prediction, computed where the rows are, the weights broadcast once. */
    @Override
    public Dataset<Row> transform(Dataset<?> data) {
        transformSchema(data.schema(), true);
        return new Scorer(getFeaturesCol(), "", "", getPredictionCol(), null).transform(data, model);
    }

    @Override
    public NeuralNetRegressionModel copy(ParamMap extra) {
        NeuralNetRegressionModel copy = copyValues(new NeuralNetRegressionModel(uid, model), extra);
        copy.summary = summary;
        return copy.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return ModelIO.writer(this, model);
    }

    /** What Pipeline and CrossValidator loading call. */
    public static MLReader<NeuralNetRegressionModel> read() {
        return ModelIO.reader(NeuralNetRegressionModel.class, NeuralNetRegressionModel::new);
    }

    public static NeuralNetRegressionModel load(String path) {
        return read().load(path);
    }
}
