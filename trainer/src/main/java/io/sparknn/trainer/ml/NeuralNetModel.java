package io.sparknn.trainer.ml;

import io.sparknn.engine.io.Model;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * What a fitted stage, classifier or regressor, answers from its {@link TrainedNetwork}: the
 * network, the fit's summary, and persistence through {@link ModelIO}. An interface because the two
 * models extend different MLlib superclasses; package-private because {@link #trained} is no
 * user's business (the other methods are public on the models, which are).
 */
interface NeuralNetModel extends Params, MLWritable {
    /** What the stage was fitted to or loaded with. */
    TrainedNetwork trained();

    /** The trained network, its weights and the optimizer's state, as the train job's {@code model.bin} holds them. */
    default Model network() {
        return trained().model();
    }

    /** What the fit did; a loaded model has none. */
    default NeuralNetSummary summary() {
        return trained().summary(uid());
    }

    default boolean hasSummary() {
        return trained().hasSummary();
    }

    @Override
    default MLWriter write() {
        return ModelIO.writer(this, trained().model());
    }
}
