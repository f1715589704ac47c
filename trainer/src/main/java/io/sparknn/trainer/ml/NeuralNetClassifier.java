package io.sparknn.trainer.ml;

import io.sparknn.engine.loss.LossKind;
import io.sparknn.trainer.config.JobConfig;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A neural-network classifier for Spark ML pipelines, trained by the train job's distributed loop:
 * features from an {@code ml.linalg} vector column, labels 0-based class indices (as MLlib). The
 * network (a JSON {@code network} object of the job config) ends either in one output per class
 * with {@code softmax_cross_entropy}, or in one logit with {@code bce_with_logits} (labels 0 and 1);
 * any other network is refused before training. The model's {@code rawPrediction} is the logits
 * ([−z, z] for one logit z) and its {@code probability} their softmax ([1−σ(z), σ(z)]).
 *
 * <pre>{@code
 * NeuralNetClassifier nn = new NeuralNetClassifier()
 *         .setNetwork("{\"input\": [4], \"layers\": [{\"type\": \"dense\", \"units\": 3}]}")
 *         .setEpochs(20);
 * NeuralNetClassificationModel model = nn.fit(train);
 * }</pre>
 */
public final class NeuralNetClassifier
        extends ProbabilisticClassifier<Vector, NeuralNetClassifier, NeuralNetClassificationModel>
        implements NeuralNetParams<NeuralNetClassifier>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final TrainingParams training;

    public NeuralNetClassifier() {
        this(Identifiable.randomUID("nnClassifier"));
    }

    public NeuralNetClassifier(String uid) {
        this(Uids.hold(uid));
    }

    private NeuralNetClassifier(Uids.Held held) {
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
    public NeuralNetClassifier self() {
        return this;
    }

    @Override
    public NeuralNetClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** MLlib's column checks, then the params as a job config: a stage that cannot train fails here, in a Pipeline before any stage fits. */
    @Override
    public StructType transformSchema(StructType schema) {
        StructType out = super.transformSchema(schema);
        config();
        return out;
    }

    @Override
    public NeuralNetClassificationModel train(Dataset<?> data) {
        return new NeuralNetClassificationModel(uid(), FitRun.fit(this, data, getFeaturesCol(), getLabelCol(), task()));
    }

    /** The job config of a fit (on a stand-in table), checked to be a classifier's. */
    private JobConfig config() {
        return FitConfig.of(this, getFeaturesCol(), getLabelCol(), task(), "rows", "unused");
    }

    /**
     * Classes from a softmax, or one class from one logit (the config reader refuses a {@code
     * bce_with_logits} network of more outputs: one float label per row); any other loss is refused.
     */
    private FitConfig.Task task() {
        LossKind loss = FitConfig.loss(this);
        if (loss == LossKind.SOFTMAX_CROSS_ENTROPY) {
            return FitConfig.Task.SOFTMAX;
        }
        if (loss == LossKind.BCE_WITH_LOGITS) {
            return FitConfig.Task.BINARY;
        }
        throw new IllegalArgumentException(uid() + ": a classifier's network ends in one output per class with loss "
                + "softmax_cross_entropy, or in one logit with bce_with_logits; this one has loss " + loss.text()
                + " (for regression use NeuralNetRegressor)");
    }

    /** What Pipeline and CrossValidator loading call. */
    public static MLReader<NeuralNetClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static NeuralNetClassifier load(String path) {
        return read().load(path);
    }
}
