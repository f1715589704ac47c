package io.sparknn.trainer.ml;

import io.sparknn.engine.loss.LossKind;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A fitted {@link NeuralNetClassifier}: the trained network (the train job's model file) applied
 * on the executors ({@link Scorer}), saved and loaded on any Hadoop path ({@link ModelIO}).
 */
public final class NeuralNetClassificationModel
        extends ProbabilisticClassificationModel<Vector, NeuralNetClassificationModel> implements NeuralNetModel {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final TrainedNetwork trained;

    NeuralNetClassificationModel(String uid, TrainedNetwork trained) {
        this(Uids.hold(uid), trained);
    }

    private NeuralNetClassificationModel(Uids.Held held, TrainedNetwork trained) {
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
    public int numClasses() {
        return trained.model().spec().loss() == LossKind.BCE_WITH_LOGITS
                ? 2
                : trained.model().spec().output().size();
    }

    @Override
    public int numFeatures() {
        return trained.numFeatures();
    }

    /** The logits of one row, computed on the driver ({@link #transform} computes on the executors). */
    @Override
    public Vector predictRaw(Vector features) {
        double[] z = trained.outputs(features);
        return trained.model().spec().loss() == LossKind.BCE_WITH_LOGITS
                ? Vectors.dense(-z[0], z[0])
                : Vectors.dense(z);
    }

    /** The softmax of the logits, in place; [−z, z] becomes [1−σ(z), σ(z)], the softmax of [0, z]. */
    @Override
    public Vector raw2probabilityInPlace(Vector raw) {
        double[] v = ((DenseVector) raw).values();
        if (trained.model().spec().loss() == LossKind.BCE_WITH_LOGITS) {
            double s = 1 / (1 + Math.exp(-v[1]));
            v[0] = 1 - s;
            v[1] = s;
            return raw;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int j = 0; j < v.length; j++) {
            v[j] = Math.exp(v[j] - max);
            sum += v[j];
        }
        for (int j = 0; j < v.length; j++) {
            v[j] /= sum;
        }
        return raw;
    }

    /** Every input column and the output columns, computed where the rows are, the weights broadcast once. */
    @Override
    public Dataset<Row> transform(Dataset<?> data) {
        transformSchema(data.schema(), true);
        double[] thresholds = isDefined(thresholds()) ? getThresholds() : null;
        return new Scorer(getFeaturesCol(), getRawPredictionCol(), getProbabilityCol(), getPredictionCol(), thresholds)
                .transform(data, trained.model());
    }

    /**
     * MLlib's own: Scala declares it in two superclasses with different type arguments, which Java
     * sees as one method inherited twice; the raw return type is the one both accept.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public NeuralNetClassificationModel copy(ParamMap extra) {
        NeuralNetClassificationModel copy = copyValues(new NeuralNetClassificationModel(uid, trained), extra);
        return copy.setParent(parent());
    }

    /** What Pipeline and CrossValidator loading call. */
    public static MLReader<NeuralNetClassificationModel> read() {
        return ModelIO.reader(NeuralNetClassificationModel.class, NeuralNetClassificationModel::new);
    }

    public static NeuralNetClassificationModel load(String path) {
        return read().load(path);
    }
}
