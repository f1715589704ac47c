package io.sparknn.engine.kernel;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/**
 * The data movement around the GEMMs of a convolution, for one precision. A chunk of
 * {@code count} examples is unfolded into one wide matrix so that a single GEMM covers the
 * chunk: {@code col: (patch, count·outArea)}, row {@code (c·kh + i)·kw + j}, column
 * {@code e·outArea + oy·outW + ox}. "Channel-major" means {@code (channels, count·area)}, the layout
 * a GEMM with the filters on the left produces; "batch-major" is the network's {@code (count, channels, area)}.
 * The float64 twin is generated from {@link FloatConvKernels}.
 */
public interface ConvKernels {

    static ConvKernels of(Precision p) {
        return p == Precision.FLOAT32 ? FloatConvKernels.INSTANCE : DoubleConvKernels.INSTANCE;
    }

    /**
     * col (patch, ld), columns {@code [0, count·outArea)}: {@code col[(c·kh + i)·kw + j][e·outArea + oy·outW + ox]
     * = x[e, c, oy·sh − ph + i, ox·sw − pw + j]}, 0 where that falls in the padding.
     * x: (count, channels, inH, inW) from {@code xOff}.
     */
    void im2col(Window2d g, Storage x, int xOff, int count, Storage col, int ld);

    /**
     * The adjoint of {@link #im2col}: dx (count, channels, inH, inW) from {@code dxOff} is
     * <em>overwritten</em> with, at each input position, the sum of the col values unfolded from it.
     */
    void col2im(Window2d g, Storage col, int ld, int count, Storage dx, int dxOff);

    /**
     * True when {@link #unfoldedProduct} and {@link #unfoldedTransposedProduct} may be called for
     * {@code g}: they gather the unfolded input inside the GEMM's packing, so no col is written
     * (float32 on the engine's Vector API GEMM, no padding). Otherwise callers run {@link #im2col}
     * and a GEMM.
     */
    boolean fusesUnfolding(Window2d g);

    /**
     * c (m, count·outArea) from 0 = a (m, patch) from {@code aOff} · col, col the {@link #im2col} of
     * {@code count} examples of x from {@code xOff}: the same bits as im2col followed by the GEMM.
     */
    void unfoldedProduct(Window2d g, int m, Storage a, int aOff, Storage x, int xOff, int count, Storage c);

    /** c (m, patch) from {@code cOff} += a (m, count·outArea) from 0 · colᵀ, col as in {@link #unfoldedProduct}. */
    void unfoldedTransposedProduct(Window2d g, int m, Storage a, Storage x, int xOff, int count, Storage c, int cOff);

    /** dst (count, channels, area) from {@code dstOff} = src (channels, count·area) + bias[c] (one per channel). */
    void channelMajorToBatch(
            Storage src, int channels, int area, int count, Storage bias, int biasOff, Storage dst, int dstOff);

    /**
     * dst (channels, count·area) = src (count, channels, area) from {@code srcOff}, and
     * {@code sums[sumsOff + c] += } the sum of channel c's values over examples and positions (the bias gradient).
     */
    void batchToChannelMajor(
            Storage src, int srcOff, int channels, int area, int count, Storage dst, Storage sums, int sumsOff);
}
