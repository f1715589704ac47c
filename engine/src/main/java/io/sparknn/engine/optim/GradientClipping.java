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
}
