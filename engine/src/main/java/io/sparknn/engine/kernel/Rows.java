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

    /** True if the JVM has jdk.incubator.vector: the float32 kernels may use {@link VectorRows}. */
    static boolean vector() {
        return VECTOR;
    }

    /** dst[d + q] += src[s + q] for q in [0, len). */
    static void add(float[] src, int s, float[] dst, int d, int len) {
        if (VECTOR && len >= 8) {
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

    /** True if any of v[off, off + count) is NaN or infinite. */
    static boolean anyNonFinite(float[] v, int off, int count) {
        if (VECTOR) {
            return VectorRows.anyNonFinite(v, off, count);
        }
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(v[off + i])) {
                return true;
            }
        }
        return false;
    }

    static boolean anyNonFinite(double[] v, int off, int count) {
        for (int i = 0; i < count; i++) {
            if (!Double.isFinite(v[off + i])) {
                return true;
            }
        }
        return false;
    }

    /** {@link VectorRows#adam} where the module is there (float32); else 0: the caller's loop does every index. */
    static int adam(float[] pv, float[] gv, float[] mv, float[] vv, int count, float decay, boolean decoupled,
                    float l2, float b1, float b2, float c1, float c2, float stepSize, float bc2Sqrt, float e) {
        return VECTOR ? VectorRows.adam(pv, gv, mv, vv, count, decay, decoupled, l2, b1, b2, c1, c2, stepSize, bc2Sqrt, e)
                : 0;
    }

    static int adam(double[] pv, double[] gv, double[] mv, double[] vv, int count, double decay, boolean decoupled,
                    double l2, double b1, double b2, double c1, double c2, double stepSize, double bc2Sqrt, double e) {
        return 0;
    }
}
