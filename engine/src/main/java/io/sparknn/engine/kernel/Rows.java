package io.sparknn.engine.kernel;

/**
 * Row operations the {@code Float*Kernels} share with their generated float64 twins (each has a float
 * and a double overload): float32 runs on the Vector API when the JVM has jdk.incubator.vector,
 * giving the same bits as the plain loop, which float64 and JVMs without the module run.
 */
final class Rows {
    private static final boolean VECTOR = Blas.vectorModule();

    private Rows() {
    }

    /** True if the JVM has jdk.incubator.vector: the float32 rows may run on {@link VectorRows}. */
    static boolean vector() {
        return VECTOR;
    }

    /** dst[d + q] += src[s + q] for q in [0, len). */
    static void add(float[] src, int s, float[] dst, int d, int len) {
        // short rows only: on long ones C2's own vectorized loop (unrolled) measured 4x faster
        if (VECTOR && len >= 8 && len < 64) {
            VectorRows.add(src, s, dst, d, len);
            return;
        }
        for (int q = 0; q < len; q++) {
            dst[d + q] += src[s + q];
        }
    }

    static void add(double[] src, int s, double[] dst, int d, int len) {
        for (int q = 0; q < len; q++) {
            dst[d + q] += src[s + q];
        }
    }

    /** dst[d + q] = src[s + q] for q in [0, len): System.arraycopy, whose fixed cost dominates rows of a few values. */
    static void copy(float[] src, int s, float[] dst, int d, int len) {
        if (VECTOR && len >= 8 && len < 64) {
            VectorRows.copy(src, s, dst, d, len);
            return;
        }
        System.arraycopy(src, s, dst, d, len);
    }

    static void copy(double[] src, int s, double[] dst, int d, int len) {
        System.arraycopy(src, s, dst, d, len);
    }
}
