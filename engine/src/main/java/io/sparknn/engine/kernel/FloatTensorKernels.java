package io.sparknn.engine.kernel;

import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Storage;

/** float32 {@link TensorKernels}; the float64 twin is generated from this file. */
final class FloatTensorKernels implements TensorKernels {
    public static final FloatTensorKernels INSTANCE = new FloatTensorKernels();

    private FloatTensorKernels() {}

    private static float[] d(Storage s) {
        return ((FloatStorage) s).data;
    }

    @Override
    public void gemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            double alpha,
            Storage a,
            int aOff,
            int lda,
            Storage b,
            int bOff,
            int ldb,
            double beta,
            Storage c,
            int cOff,
            int ldc) {
        Blas.sgemm(
                transA,
                transB,
                m,
                n,
                k,
                (float) alpha,
                d(a),
                aOff,
                lda,
                d(b),
                bOff,
                ldb,
                (float) beta,
                d(c),
                cOff,
                ldc);
    }

    @Override
    public void addRowVector(Storage y, int rows, int width, Storage bias, int biasOff) {
        float[] yv = d(y);
        float[] bv = d(bias);
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            for (int j = 0; j < width; j++) {
                yv[o + j] += bv[biasOff + j];
            }
        }
    }

    @Override
    public void addColumnSums(Storage dy, int rows, int width, Storage dst, int dstOff) {
        float[] g = d(dy);
        float[] out = d(dst);
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            for (int j = 0; j < width; j++) {
                out[dstOff + j] += g[o + j];
            }
        }
    }

    @Override
    public void add(Storage src, int srcOff, Storage dst, int dstOff, int count) {
        float[] s = d(src);
        float[] t = d(dst);
        for (int i = 0; i < count; i++) {
            t[dstOff + i] += s[srcOff + i];
        }
    }

    @Override
    public void scale(Storage x, int off, int count, double factor) {
        float[] v = d(x);
        float f = (float) factor;
        for (int i = 0; i < count; i++) {
            v[off + i] *= f;
        }
    }

    @Override
    public double sumOfSquares(Storage x, int off, int count) {
        float[] v = d(x);
        double s = 0;
        for (int i = 0; i < count; i++) {
            double e = v[off + i];
            s += e * e;
        }
        return s;
    }

    @Override
    public boolean hasNonFinite(Storage x, int off, int count) {
        float[] v = d(x);
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(v[off + i])) {
                return true;
            }
        }
        return false;
    }
}
