package io.sparknn.engine.optim;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.TensorKernels;

/**
 * Clipping by global L2 norm, as PyTorch's {@code clip_grad_norm_}: with
 * {@code total = ‖g‖₂} over all parameters, {@code g *= maxNorm / (total + 1e-6)} when that factor
 * is below 1 (so a norm equal to maxNorm is still scaled by maxNorm / (maxNorm + 1e-6), as in
 * PyTorch). The norm is summed in double in index order over the flat gradient, so it repeats bit
 * for bit; PyTorch takes the norm of per-tensor norms, equal up to rounding. A non-finite norm
 * leaves the gradient as it is (PyTorch would multiply it by NaN); the trainer reports the
 * divergence.
 */
public final class GradientClipping {
    private GradientClipping() {}

    /** Clips {@code g} in place when {@code maxNorm > 0}; returns the norm before clipping. */
    public static double clip(Storage g, double maxNorm) {
        TensorKernels k = TensorKernels.of(g.precision());
        double total = Math.sqrt(k.sumOfSquares(g, 0, g.length()));
        if (maxNorm > 0) {
            double coef = maxNorm / (total + 1e-6);
            if (coef < 1) {
                k.scale(g, 0, g.length(), coef);
            }
        }
        return total;
    }

    /**
     * Clips two parts of {@code g} each by its own norm when {@code maxNorm > 0}: the flat ranges
     * {@code apart} ({@code [from, to)} pairs, ascending) and everything else; returns the norm of
     * everything else before clipping. Summed in double in index order as {@link #clip}, so with
     * {@code apart} all zero the rest is clipped to the bits {@link #clip} gives a vector without
     * them. For parameters of an auxiliary loss (a synthesiser's) that must not change how far the
     * model's own gradient is clipped.
     */
    public static double clipApart(Storage g, double maxNorm, int[] apart) {
        if (apart.length == 0) {
            return clip(g, maxNorm);
        }
        double rest = 0;
        double own = 0;
        int next = 0;
        for (int i = 0; i < g.length(); i++) {
            double e = g.get(i);
            if (next < apart.length && i >= apart[next]) {
                own += e * e;
                if (i + 1 == apart[next + 1]) {
                    next += 2;
                }
            } else {
                rest += e * e;
            }
        }
        double total = Math.sqrt(rest);
        if (maxNorm > 0) {
            TensorKernels k = TensorKernels.of(g.precision());
            double coef = maxNorm / (total + 1e-6);
            double ownCoef = maxNorm / (Math.sqrt(own) + 1e-6);
            int from = 0;
            for (int r = 0; r <= apart.length; r += 2) {
                int to = r < apart.length ? apart[r] : g.length();
                if (coef < 1) {
                    k.scale(g, from, to - from, coef);
                }
                if (r < apart.length && ownCoef < 1) {
                    k.scale(g, apart[r], apart[r + 1] - apart[r], ownCoef);
                }
                from = r < apart.length ? apart[r + 1] : to;
            }
        }
        return total;
    }
}
