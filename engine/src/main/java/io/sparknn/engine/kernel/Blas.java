package io.sparknn.engine.kernel;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The BLAS in use: netlib's choice of native OpenBLAS ({@code JNIBLAS}), the JDK Vector API
 * ({@code VectorBLAS}) or plain Java ({@code Java11BLAS}), the same one Spark uses.
 *
 * <p>Bit-for-bit repeatability (the same run twice, or resumed from a checkpoint, gives the same
 * bits) holds with {@code JNIBLAS} at a fixed {@code OPENBLAS_NUM_THREADS} on the same machine,
 * and with {@code Java11BLAS}; not with {@code VectorBLAS}. netlib-java 3.2.0's VectorBLAS sums
 * with {@code FloatVector.reduceLanes(ADD)} ({@code DoubleVector} for the float64 twins) in
 * {@code sgemm} whenever m·n·k ≥ 1,000,000: above that size its {@code sgemmK} packs both operands,
 * whatever their transposition, and multiplies the blocks with {@code sgebpTN → sgepdotTN}, which
 * reduces lanes (smaller products run the plain-Java loops of Java11BLAS); also in {@code sdot}
 * and {@code sgemv("T", ...)}. The JDK leaves the order in which {@code reduceLanes} adds the
 * lanes undefined, so that the JIT may use the machine's fastest sequence ("the result of such an
 * operation may vary for the same input values", {@code VectorOperators}): bits may differ between
 * JDKs, CPU architectures and JIT tiers. (On x86-64 with JDK 17, 3,000 repeated 128³ sgemm calls,
 * the first interpreted, gave the same bits: an observation, not a promise.) Checked with
 * {@code javap -c -p} on {@code dev.ludovic.netlib.blas.VectorBLAS}, {@code Java11BLAS} and
 * {@code Java8BLAS} of blas-3.2.0.jar: only VectorBLAS calls reduceLanes. The engine calls only
 * {@code sgemm} and {@code dgemm}. {@code -Ddev.ludovic.netlib.blas.allowNative=false} without
 * the {@code jdk.incubator.vector} module selects Java11BLAS.
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
