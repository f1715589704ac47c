package io.sparknn.engine.kernel;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/**
 * Max and average pooling over unpadded windows, for one precision: x {@code (count, channels, inH, inW)}
 * from 0, y {@code (count, channels, outH, outW)} from 0. The float64 twin is generated from
 * {@link FloatPoolKernels}.
 */
public interface PoolKernels {

    static PoolKernels of(Precision p) {
        return p == Precision.FLOAT32 ? FloatPoolKernels.INSTANCE : DoublePoolKernels.INSTANCE;
    }

    /**
     * y = the maximum of each window; {@code argmax[k]} = the index into x of output k's maximum.
     * On ties the first maximum in row-major window order wins (−0 and +0 tie). A NaN wins over any
     * number, as in PyTorch, so a diverged input shows in the output; of several NaNs the first wins.
     */
    void maxForward(Window2d g, Storage x, int count, Storage y, int[] argmax);

    /** dx (count, channels, inH, inW) = 0, then {@code dx[argmax[k]] += dy[k]}: windows that share a maximum add. */
    void maxBackward(Window2d g, Storage dy, int count, int[] argmax, Storage dx);

    /** {@code ry[k] = rx[argmax[k]]}: the directional derivative of max pooling through the forward's argmax. */
    void maxGather(Window2d g, Storage rx, int count, int[] argmax, Storage ry);

    /** y = the mean of each window (sum / (kh·kw)). */
    void avgForward(Window2d g, Storage x, int count, Storage y);

    /** dx = Σ over the windows covering each position of dy / (kh·kw). */
    void avgBackward(Window2d g, Storage dy, int count, Storage dx);
}
