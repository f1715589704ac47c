package io.sparknn.engine.kernel;

import static io.sparknn.engine.FloatStorage.arrayOf;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/**
 * float32 {@link TensorKernels}; the float64 twin is generated from this file.
 *
 * <p>Why it opens like {@link FloatOptimizerKernels} and the other kernel classes: each is a
 * stateless singleton ({@code INSTANCE}) whose methods first take the plain arrays out of their
 * storages, the form C2 vectorizes (see {@link FloatActivationKernels} for what a shared loop
 * costs); the loops after that are each method's own.
 */
final class FloatTensorKernels implements TensorKernels {
    public static final FloatTensorKernels INSTANCE = new FloatTensorKernels();

    private FloatTensorKernels() {}

    @Override
    public void addRowVector(Storage y, int rows, int width, Storage bias, int biasOff) {
        float[] yv = arrayOf(y);
        float[] bv = arrayOf(bias);
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            for (int j = 0; j < width; j++) {
                yv[o + j] += bv[biasOff + j];
            }
        }
    }

    @Override
    public void addColumnSums(Storage dy, int rows, int width, Storage dst, int dstOff) {
        float[] g = arrayOf(dy);
        float[] out = arrayOf(dst);
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            for (int j = 0; j < width; j++) {
                out[dstOff + j] += g[o + j];
            }
        }
    }

    @Override
    public void add(Storage src, int srcOff, Storage dst, int dstOff, int count) {
        float[] s = arrayOf(src);
        float[] t = arrayOf(dst);
        for (int i = 0; i < count; i++) {
            t[dstOff + i] += s[srcOff + i];
        }
    }

    @Override
    public void scale(Storage x, int off, int count, double factor) {
        float[] v = arrayOf(x);
        float f = (float) factor;
        for (int i = 0; i < count; i++) {
            v[off + i] *= f;
        }
    }

    @Override
    public double sumOfSquares(Storage x, int off, int count) {
        float[] v = arrayOf(x);
        double s = 0;
        for (int i = 0; i < count; i++) {
            double e = v[off + i];
            s += e * e;
        }
        return s;
    }

    @Override
    public boolean hasNonFinite(Storage x, int off, int count) {
        float[] v = arrayOf(x);
        if (Blas.vectorLoops(Precision.FLOAT32)) {
            return VectorLoops.hasNonFinite(v, off, count);
        }
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(v[off + i])) {
                return true;
            }
        }
        return false;
    }
}
