package io.sparknn.engine.loss;

import io.sparknn.engine.Precision;
import io.sparknn.engine.layer.SpecException;
import java.util.Locale;

/** The losses, by the names used in spec text and config files. */
public enum LossKind {
    /** Softmax and cross-entropy fused on logits; labels or probability targets. Sum over rows. */
    SOFTMAX_CROSS_ENTROPY,
    /** Squared error summed over all output values; count = rows × width, so the mean is PyTorch's MSELoss. */
    MSE,
    /** Binary cross-entropy on logits (PyTorch's BCEWithLogitsLoss), summed over all values; count = rows × width. */
    BCE_WITH_LOGITS;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LossKind parse(String where, String text) {
        for (LossKind k : values()) {
            if (k.text().equals(text)) {
                return k;
            }
        }
        throw new SpecException(
                where + ": unknown loss '" + text + "' (one of softmax_cross_entropy, mse, bce_with_logits)");
    }

    /** True if the loss takes integer class labels. */
    public boolean classification() {
        return this == SOFTMAX_CROSS_ENTROPY;
    }

    public Loss create(Precision p) {
        return switch (this) {
            case SOFTMAX_CROSS_ENTROPY -> new SoftmaxCrossEntropy(p);
            case MSE -> new MeanSquaredError(p);
            case BCE_WITH_LOGITS -> new BinaryCrossEntropyWithLogits(p);
        };
    }
}
