package io.sparknn.engine.kernel;

import io.sparknn.engine.DoubleStorage;
import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/**
 * The inner loops shared by many layers, for one precision. Unchecked: callers pass valid
 * offsets and lengths. Matrices are row-major; {@code (rows, cols)} in comments.
 * {@link FloatTensorKernels} is the source; the float64 twin is generated from it at build time.
 * {@link #gemm} is written once here for both precisions: it only hands the arrays to the GEMM in
 * use ({@link Blas}).
 */
public interface TensorKernels {

    static TensorKernels of(Precision p) {
        return p == Precision.FLOAT32 ? FloatTensorKernels.INSTANCE : DoubleTensorKernels.INSTANCE;
    }

    /**
     * Row-major {@code C = alpha · op(A) · op(B) + beta · C} with {@code op(A): (m, k)},
     * {@code op(B): (k, n)}, {@code C: (m, n)}; lda, ldb, ldc are the row strides of A, B, C as stored.
     */
    default void gemm(
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
        if (c.precision() == Precision.FLOAT32) {
            float[] av = FloatStorage.arrayOf(a);
            float[] bv = FloatStorage.arrayOf(b);
            float[] cv = FloatStorage.arrayOf(c);
            Blas.Sgemm g = Blas.float32();
            g.gemm(transA, transB, m, n, k, (float) alpha, av, aOff, lda, bv, bOff, ldb, (float) beta, cv, cOff, ldc);
        } else if (m != 0 && n != 0) {
            double[] av = DoubleStorage.arrayOf(a);
            double[] bv = DoubleStorage.arrayOf(b);
            double[] cv = DoubleStorage.arrayOf(c);
            String ta = transA ? "T" : "N";
            String tb = transB ? "T" : "N";
            // Row-major C = op(A) op(B) is column-major Cᵀ = op(B)ᵀ op(A)ᵀ: swap the operands.
            Blas.get().dgemm(tb, ta, n, m, k, alpha, bv, bOff, ldb, av, aOff, lda, beta, cv, cOff, ldc);
        }
    }

    /** y: (rows, width) += bias (width) broadcast over rows. */
    void addRowVector(Storage y, int rows, int width, Storage bias, int biasOff);

    /** dst (width) += the column sums of dy: (rows, width); the bias gradient. */
    void addColumnSums(Storage dy, int rows, int width, Storage dst, int dstOff);

    /** dst[dstOff + i] += src[srcOff + i] for i in [0, count). */
    void add(Storage src, int srcOff, Storage dst, int dstOff, int count);

    /** x[off + i] *= factor. */
    void scale(Storage x, int off, int count, double factor);

    /** Σ x[i]², accumulated in double in index order (repeatable bit for bit). */
    double sumOfSquares(Storage x, int off, int count);

    /** True if any of the values is NaN or infinite. */
    boolean hasNonFinite(Storage x, int off, int count);
}
