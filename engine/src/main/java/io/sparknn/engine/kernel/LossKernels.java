package io.sparknn.engine.kernel;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/** Loss loops over output rows; sums accumulate in double in row order. The float64 twin is generated. */
public interface LossKernels {

    static LossKernels of(Precision p) {
        return p == Precision.FLOAT32 ? FloatLossKernels.INSTANCE : DoubleLossKernels.INSTANCE;
    }

    /** Σ_rows logsumexp(z) − z_y; dz = softmax(z) − onehot(y) when dz is not null. */
    double softmaxCrossEntropyLabels(Storage z, int rows, int classes, int[] labels, int labelOff, Storage dz);

    /** Σ_rows Σ_j t_j (logsumexp(z) − z_j); dz = softmax(z)·Σt − t when dz is not null. */
    double softmaxCrossEntropyProbabilities(Storage z, int rows, int classes, Storage t, int tOff, Storage dz);

    /** Σ (y − t)² over {@code count} values of y and of t from {@code tOff}; dy = 2(y − t) when dy is not null. */
    double squaredError(Storage y, Storage t, int tOff, int count, Storage dy);

    /**
     * Σ max(z, 0) − z·t + log(1 + e^−|z|) over {@code count} logits z and targets t from
     * {@code tOff} (binary cross-entropy on logits, stable for any z); dz = sigmoid(z) − t when dz
     * is not null.
     */
    double binaryCrossEntropyWithLogits(Storage z, Storage t, int tOff, int count, Storage dz);

    /**
     * hv = H·v per row, H the Hessian of the row's softmax cross-entropy in the logits z:
     * {@code mass·(diag(p) − p·pᵀ)}, p = softmax(z), mass = Σt (1 for labels: {@code t} null).
     */
    void softmaxCrossEntropyHessian(Storage z, int rows, int classes, Storage t, int tOff, Storage v, Storage hv);

    /** hv = 2·v over {@code count} values: the Hessian of Σ (y − t)² is 2·I. */
    void squaredErrorHessian(Storage v, int count, Storage hv);

    /** hv = σ(z)·(1 − σ(z))·v over {@code count} logits (computed as e/(1 + e)², e = e^−|z|). */
    void binaryCrossEntropyWithLogitsHessian(Storage z, int count, Storage v, Storage hv);
}
