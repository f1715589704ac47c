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
public final class BinaryCrossEntropyWithLogits extends ValueLoss {

    public BinaryCrossEntropyWithLogits(Precision p) {
        super("bce_with_logits", p, LossKernels::binaryCrossEntropyWithLogits);
    }

    /**
     * Values decided right: predicted positive when the logit is above 0 (σ(z) > 0.5), truly
     * positive when the target is above 0.5, as evaluation decides them (a target of exactly 0.5 is
     * negative).
     */
    @Override
    public long correct(Storage out, int rows, int width, Targets t, int row0) {
        Storage v = t.values();
        int off = row0 * width;
        long right = 0;
        for (int i = 0; i < rows * width; i++) {
            if ((out.get(i) > 0) == (v.get(off + i) > 0.5)) {
                right++;
            }
        }
        return right;
    }

    /** H = diag(σ(z)·(1 − σ(z))), whatever the targets. */
    @Override
    public void hessianVector(Storage out, int rows, int width, Targets t, int row0, Storage v, Storage hv) {
        kernels().binaryCrossEntropyWithLogitsHessian(out, rows * width, v, hv);
    }

    /** Also: every target in [0, 1]. */
    @Override
    public void checkTargets(Targets t, int rows, int width) {
        super.checkTargets(t, rows, width);
        Storage v = t.values();
        for (int i = 0; i < rows * width; i++) {
            double x = v.get(i);
            if (!(x >= 0 && x <= 1)) {
                throw new IllegalArgumentException(
                        "bce_with_logits: target " + x + " of row " + i / width + " is outside [0, 1]");
            }
        }
    }
}
