package io.sparknn.engine.kernel;

import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import java.util.Arrays;

/** float32 {@link ConvKernels}; the float64 twin is generated from this file. */
final class FloatConvKernels implements ConvKernels {
    public static final FloatConvKernels INSTANCE = new FloatConvKernels();

    private FloatConvKernels() {}

    private static float[] d(Storage s) {
        return ((FloatStorage) s).data;
    }

    /** First output column whose input column {@code ox·stride − pad + j} is ≥ 0, at most {@code out}. */
    static int firstInside(int j, int stride, int pad, int out) {
        return Math.min(out, Math.max(0, Math.floorDiv(pad - j + stride - 1, stride)));
    }

    /** One past the last output column whose input column is < in, at least {@code lo}. */
    static int endInside(int j, int stride, int pad, int in, int out, int lo) {
        return Math.max(lo, Math.min(out, Math.floorDiv(in - 1 + pad - j, stride) + 1));
    }

    @Override
    public void im2col(Window2d g, Storage x, int xOff, int count, Storage col, int ld) {
        walk(g, d(x), xOff, count, d(col), ld, false);
    }

    @Override
    public void col2im(Window2d g, Storage col, int ld, int count, Storage dx, int dxOff) {
        float[] xv = d(dx);
        Arrays.fill(xv, dxOff, dxOff + count * g.inSize(), 0);
        walk(g, xv, dxOff, count, d(col), ld, true);
    }

    /**
     * Runs over the col values of {@code count} images: copies each from its image value into col
     * ({@code fold} false: im2col, padding written as 0), or adds it onto that image value
     * ({@code fold} true: col2im's sums, padding skipped). One loop for both, so the two stay each
     * other's adjoint; {@code fold} is the same for a whole call, and the JIT hoists the test.
     */
    private static void walk(Window2d g, float[] xv, int xOff, int count, float[] cv, int ld, boolean fold) {
        int inH = g.inH();
        int inW = g.inW();
        int kh = g.kernelH();
        int kw = g.kernelW();
        int sh = g.strideH();
        int sw = g.strideW();
        int ph = g.padH();
        int pw = g.padW();
        int outH = g.outH();
        int outW = g.outW();
        int area = outH * outW;
        for (int e = 0; e < count; e++) {
            for (int c = 0; c < g.channels(); c++) {
                int plane = xOff + (e * g.channels() + c) * inH * inW;
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        int row = ((c * kh + i) * kw + j) * ld + e * area;
                        // columns [lo, hi) of every output row read inside the image; the rest is padding
                        int lo = firstInside(j, sw, pw, outW);
                        int hi = endInside(j, sw, pw, inW, outW, lo);
                        for (int oy = 0; oy < outH; oy++) {
                            int at = row + oy * outW;
                            int iy = oy * sh - ph + i;
                            if (iy < 0 || iy >= inH) {
                                if (!fold) {
                                    Arrays.fill(cv, at, at + outW, 0);
                                }
                                continue;
                            }
                            int src = plane + iy * inW - pw + j;
                            if (fold && sw == 1) {
                                // unit stride: a loop the JIT vectorizes
                                for (int ox = lo; ox < hi; ox++) {
                                    xv[src + ox] += cv[at + ox];
                                }
                                continue;
                            } else if (fold) {
                                for (int ox = lo; ox < hi; ox++) {
                                    xv[src + ox * sw] += cv[at + ox];
                                }
                                continue;
                            }
                            Arrays.fill(cv, at, at + lo, 0);
                            if (sw == 1) {
                                System.arraycopy(xv, src + lo, cv, at + lo, hi - lo);
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    cv[at + ox] = xv[src + ox * sw];
                                }
                            }
                            Arrays.fill(cv, at + hi, at + outW, 0);
                        }
                    }
                }
            }
        }
    }

    @Override
    public boolean fusesUnfolding(Window2d g) {
        return Blas.fusedUnfolding(g, Precision.FLOAT32);
    }

    @Override
    public void unfoldedProduct(Window2d g, int m, Storage a, int aOff, Storage x, int xOff, int count, Storage c) {
        Blas.unfoldedProduct(g, m, d(a), aOff, d(x), xOff, count, d(c));
    }

    @Override
    public void unfoldedTransposedProduct(
            Window2d g, int m, Storage a, Storage x, int xOff, int count, Storage c, int cOff) {
        Blas.unfoldedTransposedProduct(g, m, d(a), d(x), xOff, count, d(c), cOff);
    }

    @Override
    public void channelMajorToBatch(
            Storage src, int channels, int area, int count, Storage bias, int biasOff, Storage dst, int dstOff) {
        move(d(src), d(dst), dstOff, channels, area, count, d(bias), biasOff, true);
    }

    @Override
    public void batchToChannelMajor(
            Storage src, int srcOff, int channels, int area, int count, Storage dst, Storage sums, int sumsOff) {
        move(d(dst), d(src), srcOff, channels, area, count, d(sums), sumsOff, false);
    }

    /**
     * Moves {@code count} examples between channel-major {@code cm (channels, count·area)} and the
     * batch layout {@code (count, channels, area)} at {@code batchOff}: into the batch adding
     * {@code perChannel[c]} (the bias) when {@code toBatch}, else out of it adding each channel's
     * sum to {@code perChannel[c]} (the bias gradient). {@code toBatch} is the same for a whole
     * call, and the JIT hoists the test.
     */
    private static void move(
            float[] cm,
            float[] batch,
            int batchOff,
            int channels,
            int area,
            int count,
            float[] perChannel,
            int perChannelOff,
            boolean toBatch) {
        int ld = count * area;
        for (int e = 0; e < count; e++) {
            for (int c = 0; c < channels; c++) {
                int at = c * ld + e * area;
                int b = batchOff + (e * channels + c) * area;
                if (toBatch) {
                    float bc = perChannel[perChannelOff + c];
                    for (int p = 0; p < area; p++) {
                        batch[b + p] = cm[at + p] + bc;
                    }
                } else {
                    System.arraycopy(batch, b, cm, at, area);
                    perChannel[perChannelOff + c] += sum(batch, b, area);
                }
            }
        }
    }

    /** Σ v[from, from + count), in four interleaved partial sums that the CPU adds in parallel. */
    private static float sum(float[] v, int from, int count) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int p = from;
        int end = from + count;
        for (; p + 3 < end; p += 4) {
            s0 += v[p];
            s1 += v[p + 1];
            s2 += v[p + 2];
            s3 += v[p + 3];
        }
        for (; p < end; p++) {
            s0 += v[p];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
