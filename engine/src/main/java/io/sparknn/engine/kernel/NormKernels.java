package io.sparknn.engine.kernel;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/**
 * Batch-norm loops over x: (n, c, s), s = values per channel per example (1 for (n, f) inputs,
 * h·w for (n, c, h, w)); c is the channel count of the {@link ChannelStatistics}, which are double
 * arrays, and every sum is taken in double.
 * Parameters gamma (c) then beta (c) start at {@code pOff}. The float64 twin is generated.
 */
public interface NormKernels {

    static NormKernels of(Precision p) {
        return p == Precision.FLOAT32 ? FloatNormKernels.INSTANCE : DoubleNormKernels.INSTANCE;
    }

    /**
     * A batch-norm layer's per-channel values, in double, for its c channels: what the kernels fill
     * and read besides the tensors.
     */
    final class ChannelStatistics {
        /** The mean and biased variance used to normalize: the batch's or the running ones. */
        public final double[] mean;

        public final double[] var;
        /** 1/√(var + eps), set by the layer. */
        public final double[] invstd;
        /** Σ dy and Σ dy·xhat of the last backward pass. */
        public final double[] sumDy;

        public final double[] sumDyXhat;
        /** Whether mean and var came from the batch (training), so that they depend on x. */
        public boolean fromBatch;

        public ChannelStatistics(int channels) {
            mean = new double[channels];
            var = new double[channels];
            invstd = new double[channels];
            sumDy = new double[channels];
            sumDyXhat = new double[channels];
        }

        public int channels() {
            return mean.length;
        }
    }

    /** Per channel: mean and biased variance (divided by n·s) over its n·s values, in two passes. */
    void channelMoments(Storage x, int n, int s, ChannelStatistics st);

    /** xhat = (x − mean)·invstd and y = gamma·xhat + beta, per channel. */
    void normalize(Storage x, int n, int s, ChannelStatistics st, Storage params, int pOff, Storage xhat, Storage y);

    /**
     * Per channel: sumDy = Σ dy and sumDyXhat = Σ dy·xhat (overwritten), and the parameter
     * gradients dgamma += sumDyXhat, dbeta += sumDy into grads at {@code gOff}.
     */
    void parameterGradients(Storage dy, Storage xhat, int n, int s, ChannelStatistics st, Storage grads, int gOff);

    /**
     * dx = gamma·invstd·(dy − (sumDy + xhat·sumDyXhat) / (n·s)) when the statistics came from the
     * batch (the mean and variance depend on x), else dx = gamma·invstd·dy.
     */
    void inputGradient(
            Storage dy, Storage xhat, int n, int s, ChannelStatistics st, Storage params, int pOff, Storage dx);
}
