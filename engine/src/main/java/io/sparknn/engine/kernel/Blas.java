package io.sparknn.engine.kernel;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The BLAS in use: netlib's choice of native OpenBLAS ({@code JNIBLAS}), the JDK Vector API
 * ({@code VectorBLAS}) or plain Java ({@code Java11BLAS}), the same one Spark uses.
 */
public final class Blas {
    private static final BLAS INSTANCE = BLAS.getInstance();

    private Blas() {
    }

    public static BLAS get() {
        return INSTANCE;
    }

    /** The implementation's class name, e.g. {@code JNIBLAS}; recorded in run information and checkpoints. */
    public static String implementationName() {
        return INSTANCE.getClass().getSimpleName();
    }

    /** {@code OPENBLAS_NUM_THREADS} as the process sees it, or "unset". */
    public static String openBlasThreads() {
        String v = System.getenv("OPENBLAS_NUM_THREADS");
        return v == null ? "unset" : v;
    }
}
