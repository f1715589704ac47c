package io.sparknn.engine.kernel;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/**
 * Batch-norm loops over x: (n, c, s), s = values per channel per example (1 for (n, f) inputs,
 * h·w for (n, c, h, w)). Per-channel statistics are double arrays and every sum is taken in double.
 * Parameters gamma (c) then beta (c) start at {@code pOff}. The float64 twin is generated.
 */
public interface NormKernels {

    static NormKernels of(Precision p) {
        return p == Precision.FLOAT32 ? FloatNormKernels.INSTANCE : DoubleNormKernels.INSTANCE;
    }

    /** Per channel: mean and biased variance (divided by n·s) over its n·s values, in two passes. */
    void channelMoments(Storage x, int n, int c, int s, double[] mean, double[] var);

    /** xhat = (x − mean)·invstd and y = gamma·xhat + beta, per channel. */
    void normalize(
            Storage x,
            int n,
            int c,
            int s,
            double[] mean,
            double[] invstd,
            Storage params,
            int pOff,
            Storage xhat,
            Storage y);

    /**
     * Per channel: sumDy = Σ dy and sumDyXhat = Σ dy·xhat (overwritten), and the parameter
     * gradients dgamma += sumDyXhat, dbeta += sumDy into grads at {@code gOff}.
     */
    void parameterGradients(
            Storage dy, Storage xhat, int n, int c, int s, double[] sumDy, double[] sumDyXhat, Storage grads, int gOff);

    /**
     * dx = gamma·invstd·(dy − (sumDy + xhat·sumDyXhat) / (n·s)) when the statistics came from the
     * batch (the mean and variance depend on x), else dx = gamma·invstd·dy.
     */
    void inputGradient(
            Storage dy,
            Storage xhat,
            int n,
            int c,
            int s,
            double[] invstd,
            double[] sumDy,
            double[] sumDyXhat,
            boolean batchStatistics,
            Storage params,
            int pOff,
            Storage dx);
}
