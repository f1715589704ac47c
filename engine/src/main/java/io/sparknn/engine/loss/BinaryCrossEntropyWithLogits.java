package io.sparknn.engine.loss;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.LossKernels;

/**
 * Binary cross-entropy on logits, PyTorch's {@code BCEWithLogitsLoss}: per value
 * {@code max(z, 0) − z·t + log(1 + e^−|z|)} (= −t·log σ(z) − (1 − t)·log(1 − σ(z)), exact for
 * any z), gradient {@code σ(z) − t}; summed over every value, count rows × width. Targets:
 * {@link Targets#values} of the output width in [0, 1] (0/1 labels or soft targets).
 */
public final class BinaryCrossEntropyWithLogits implements Loss {
    private final Precision precision;
    private final LossKernels k;

    public BinaryCrossEntropyWithLogits(Precision p) {
        this.precision = p;
        this.k = LossKernels.of(p);
    }

    @Override
    public double sum(Storage out, int rows, int width, Targets t, int row0, Storage dOut) {
        return k.binaryCrossEntropyWithLogits(out, t.values(), row0 * width, rows * width, dOut);
    }

    @Override
    public long count(int rows, int width) {
        return (long) rows * width;
    }

    @Override
    public void checkTargets(Targets t, int rows, int width) {
        ValueTargets.check("bce_with_logits", precision, t, rows, width);
        Storage v = t.values();
        for (int i = 0; i < rows * width; i++) {
            double x = v.get(i);
            if (!(x >= 0 && x <= 1)) {
                throw new IllegalArgumentException("bce_with_logits: target " + x + " of row " + i / width
                        + " is outside [0, 1]");
            }
        }
    }
}
