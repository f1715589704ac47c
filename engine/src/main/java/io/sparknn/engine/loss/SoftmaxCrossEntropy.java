package io.sparknn.engine.loss;

import io.sparknn.engine.LossResult;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.LossKernels;

/**
 * Softmax and cross-entropy fused on logits {@code (rows, classes)}: per row
 * {@code loss = logsumexp(z) − z_y} and {@code ∂loss/∂z = softmax(z) − onehot(y)}; with probability
 * targets t, {@code loss = Σ_j t_j (logsumexp(z) − z_j)} and {@code ∂/∂z = softmax(z)·Σt − t}.
 * The maximum is subtracted before exponentiating, so logits of ±1e4 are exact.
 */
public final class SoftmaxCrossEntropy implements Loss {
    private final LossKernels k;

    public SoftmaxCrossEntropy(Precision p) {
        this.k = LossKernels.of(p);
    }

    @Override
    public double sum(Storage out, int rows, int width, Targets t, int row0, Storage dOut) {
        return t.hasLabels()
                ? k.softmaxCrossEntropyLabels(out, rows, width, t.labels(), row0, dOut)
                : k.softmaxCrossEntropyProbabilities(out, rows, width, t.values(), row0 * width, dOut);
    }

    /** Per row mass·(diag(p) − p·pᵀ)·v, p = softmax(z), mass 1 for labels and Σt for probability targets. */
    @Override
    public void hessianVector(Storage out, int rows, int width, Targets t, int row0, Storage v, Storage hv) {
        k.softmaxCrossEntropyHessian(out, rows, width, t.hasLabels() ? null : t.values(), row0 * width, v, hv);
    }

    /**
     * Rows whose argmax is their label; {@link LossResult#NO_ACCURACY} for probability targets,
     * which evaluation scores as regression.
     */
    @Override
    public long correct(Storage out, int rows, int width, Targets t, int row0) {
        if (!t.hasLabels()) {
            return LossResult.NO_ACCURACY;
        }
        int[] y = t.labels();
        long right = 0;
        for (int r = 0; r < rows; r++) {
            if (argmax(out, r * width, width) == y[row0 + r]) {
                right++;
            }
        }
        return right;
    }

    /**
     * Index of the largest of {@code count} values from {@code offset}, the first on ties (a NaN
     * is never larger); evaluation and prediction decide by it too ({@link io.sparknn.engine.eval.Evaluator#argmax}).
     */
    public static int argmax(Storage y, int offset, int count) {
        int best = 0;
        for (int j = 1; j < count; j++) {
            if (y.get(offset + j) > y.get(offset + best)) {
                best = j;
            }
        }
        return best;
    }

    @Override
    public long count(int rows, int width) {
        return rows;
    }

    @Override
    public void checkTargets(Targets t, int rows, int width) {
        if (t.hasLabels()) {
            int[] y = t.labels();
            if (y.length < rows) {
                throw new IllegalArgumentException(
                        "softmax_cross_entropy: " + y.length + " labels for " + rows + " rows");
            }
            for (int i = 0; i < rows; i++) {
                if (y[i] < 0 || y[i] >= width) {
                    throw new IllegalArgumentException("softmax_cross_entropy: label " + y[i] + " of row " + i
                            + " is outside the " + width + " classes [0, " + (width - 1) + "]");
                }
            }
        } else if (t.width() != width) {
            throw new IllegalArgumentException(
                    "softmax_cross_entropy: probability targets of width " + t.width() + " for " + width + " classes");
        }
    }
}
