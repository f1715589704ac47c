package io.sparknn.trainer.ml;

import io.sparknn.engine.Network;
import io.sparknn.engine.io.Model;
import java.io.Serializable;
import org.apache.spark.ml.linalg.Vector;

/**
 * What a fitted stage holds, classifier or regressor: the trained network as the train job's
 * {@code model.bin} holds it, what its fit did (none when it was loaded), and the network built
 * on the driver for one row at a time, made on first use. Copies of a stage share it.
 */
final class TrainedNetwork implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Model model;
    private final NeuralNetSummary summary;
    private transient Network local;

    TrainedNetwork(Model model, NeuralNetSummary summary) {
        this.model = model;
        this.summary = summary;
    }

    /** A model loaded from a path: no fit, no summary. */
    static TrainedNetwork loaded(Model model) {
        return new TrainedNetwork(model, null);
    }

    Model model() {
        return model;
    }

    int numFeatures() {
        return model.spec().input().size();
    }

    NeuralNetSummary summary(String uid) {
        if (summary == null) {
            throw new IllegalStateException("no summary: " + uid + " was loaded, not fitted here");
        }
        return summary;
    }

    boolean hasSummary() {
        return summary != null;
    }

    /** The network's outputs for one row, computed on the driver. */
    synchronized double[] outputs(Vector features) {
        if (local == null) {
            local = model.toNetwork(Network.Options.of(model.precision(), 1));
        }
        return Scorer.outputs(local, model.preprocessing(), features);
    }
}
