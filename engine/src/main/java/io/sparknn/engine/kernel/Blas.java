package io.sparknn.engine.kernel;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import io.sparknn.engine.Precision;

/**
 * The matrix products in use. float64 always goes through netlib's choice of native OpenBLAS
 * ({@code JNIBLAS}), the JDK Vector API ({@code VectorBLAS}) or plain Java ({@code Java11BLAS}), the
 * same one Spark uses. float32 goes through the engine's own Vector API kernel
 * ({@code VectorGemm}) when no native BLAS loads and the JVM has {@code jdk.incubator.vector};
 * through netlib otherwise. The system property {@code sparknn.gemm} selects:
 * {@code auto} (the default, as just said), {@code vector} (the engine's kernel even when OpenBLAS
 * loads) or {@code netlib} (never the engine's kernel). Without the Vector API module the kernel
 * cannot load: one line on standard error says so and netlib serves both precisions. Unpadded
 * float32 convolutions gather their unfolded input inside VectorGemm's packing wherever VectorGemm
 * can load, also when OpenBLAS serves the other products, unless {@code sparknn.gemm} is
 * {@code netlib}; {@code -Dsparknn.conv=fused|im2col} overrides ({@link #CONV_PROPERTY}).
 *
 * <p>Bit-for-bit repeatability (the same run twice, or resumed from a checkpoint, gives the same
 * bits) holds with {@code VectorGemm} (it never reduces across lanes and never splits k, see its
 * comment), with {@code JNIBLAS} at a fixed {@code OPENBLAS_NUM_THREADS} on the same machine,
 * and with {@code Java11BLAS}; not promised with netlib's {@code VectorBLAS}. netlib-java 3.2.0's VectorBLAS sums
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
 * the {@code jdk.incubator.vector} module selects Java11BLAS for both precisions.
 */
public final class Blas {
    /** The system property that selects the float32 GEMM: auto, vector or netlib. */
    public static final String PROPERTY = "sparknn.gemm";

    private static final BLAS INSTANCE = BLAS.getInstance();
    /** The system property that selects how float32 convolutions unfold their input: auto, fused or im2col. */
    public static final String CONV_PROPERTY = "sparknn.conv";

    /** True when float32 products run on {@link VectorGemm}. */
    private static final boolean OWN = chooseOwn(System.getProperty(PROPERTY, "auto"));
    /** The float32 GEMM {@link #float32} returns. */
    private static final Sgemm FLOAT32 = OWN ? vectorGemm() : netlib(INSTANCE);
    /**
     * True when unpadded float32 convolutions gather their unfolded input inside VectorGemm's
     * packing (then their forward and weight-gradient products run on VectorGemm whatever serves
     * the other float32 products).
     */
    private static final boolean FUSED =
            chooseFused(System.getProperty(CONV_PROPERTY, "auto"), System.getProperty(PROPERTY, "auto"));

    /** True when the JVM has jdk.incubator.vector, so {@link VectorLoops} can load. */
    private static final boolean VECTOR_LOOPS = vectorModule();

    private Blas() {}

    private static boolean chooseOwn(String choice) {
        boolean nativeBlas = nativeLoaded();
        switch (choice) {
            case "netlib":
                return false;
            case "auto":
                if (nativeBlas) {
                    return false;
                }
                break;
            case "vector":
                break;
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + " is auto, vector or netlib, got " + choice);
        }
        if (!vectorModule()) {
            System.err.println(
                    "sparknn: the JVM runs without --add-modules jdk.incubator.vector: float32 products use netlib's "
                            + INSTANCE.getClass().getSimpleName() + " instead of the engine's Vector API kernel");
            return false;
        }
        return true;
    }

    /**
     * {@code auto}: fused wherever VectorGemm can load, also beside OpenBLAS (LeNet measured 1.2×
     * the samples per CPU-second of OpenBLAS after a separate im2col: BENCHMARKS.md, issue 32),
     * unless {@code -Dsparknn.gemm=netlib} asks for no engine kernel; {@code fused}: also then;
     * {@code im2col}: never.
     */
    private static boolean chooseFused(String choice, String gemmChoice) {
        switch (choice) {
            case "im2col":
                return false;
            case "auto":
                return !gemmChoice.equals("netlib") && vectorModule();
            case "fused":
                if (vectorModule()) {
                    return true;
                }
                System.err.println("sparknn: the JVM runs without --add-modules jdk.incubator.vector: "
                        + "convolutions unfold with im2col");
                return false;
            default:
                throw new IllegalArgumentException("-D" + CONV_PROPERTY + " is auto, fused or im2col, got " + choice);
        }
    }

    /**
     * True when {@link #unfoldedProduct} and {@link #unfoldedTransposedProduct} serve a convolution
     * over {@code g} in precision {@code p}: float32, no padding, and the fused unfolding selected.
     */
    static boolean fusedUnfolding(Window2d g, Precision p) {
        return FUSED && p == Precision.FLOAT32 && g.padH() == 0 && g.padW() == 0;
    }

    /**
     * {@code c (m, count·outArea) = a (m, patch) · col}, col the im2col of {@code count} images
     * {@code x} from {@code xOff}, gathered while VectorGemm packs it; a from {@code aOff} with
     * leading dimension patch, c from 0. Only where {@link #fusedUnfolding} says so.
     */
    static void unfoldedProduct(Window2d g, int m, float[] a, int aOff, float[] x, int xOff, int count, float[] c) {
        int ld = count * g.outArea();
        VectorGemm.MatrixA filters = new VectorGemm.MatrixA(false, a, aOff, g.patch());
        VectorGemm.gemm(m, ld, g.patch(), 1f, filters, new VectorGemm.Unfolded(false, g, x, xOff), 0f, c, 0, ld);
    }

    /** Never called: {@link #fusedUnfolding} is false for float64 (the generated float64 kernels name it). */
    static void unfoldedProduct(Window2d g, int m, double[] a, int aOff, double[] x, int xOff, int count, double[] c) {
        throw new UnsupportedOperationException("float64 convolutions unfold with im2col");
    }

    /**
     * {@code c (m, patch) from cOff += a (m, count·outArea) · colᵀ}, col as in {@link #unfoldedProduct}.
     */
    static void unfoldedTransposedProduct(
            Window2d g, int m, float[] a, float[] x, int xOff, int count, float[] c, int cOff) {
        int ld = count * g.outArea();
        VectorGemm.MatrixA dy = new VectorGemm.MatrixA(false, a, 0, ld);
        VectorGemm.gemm(m, g.patch(), ld, 1f, dy, new VectorGemm.Unfolded(true, g, x, xOff), 1f, c, cOff, g.patch());
    }

    /** Never called, as the float64 {@link #unfoldedProduct}. */
    static void unfoldedTransposedProduct(
            Window2d g, int m, double[] a, double[] x, int xOff, int count, double[] c, int cOff) {
        throw new UnsupportedOperationException("float64 convolutions unfold with im2col");
    }

    /**
     * True when the float32 kernels run {@link VectorLoops} in place of their plain loops: float32
     * and the JVM has jdk.incubator.vector. The answers are the same either way.
     */
    static boolean vectorLoops(Precision p) {
        return VECTOR_LOOPS && p == Precision.FLOAT32;
    }

    static boolean vectorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * netlib loaded a native BLAS ({@code libblas.so.3}, e.g. OpenBLAS): its own threads then
     * compete with Spark's tasks unless {@code OPENBLAS_NUM_THREADS} is 1.
     */
    public static boolean nativeLoaded() {
        return INSTANCE.getClass().getSimpleName().equals("JNIBLAS");
    }

    /** netlib's BLAS: float64 products, and float32 ones unless the engine's kernel serves them. */
    public static BLAS get() {
        return INSTANCE;
    }

    /**
     * What computes the products, recorded in run information and checkpoints: netlib's class
     * name, e.g. {@code JNIBLAS}, or {@code VectorGemm+VectorBLAS} when float32 runs on the
     * engine's kernel and float64 on netlib's VectorBLAS, or {@code VectorGemm-conv+JNIBLAS} when
     * only the unpadded float32 convolutions do ({@code -Dsparknn.conv=fused} beside netlib: their
     * bits differ from netlib's).
     */
    public static String implementationName() {
        String netlib = INSTANCE.getClass().getSimpleName();
        if (OWN) {
            return "VectorGemm+" + netlib;
        }
        return FUSED ? "VectorGemm-conv+" + netlib : netlib;
    }

    /** {@code OPENBLAS_NUM_THREADS} as the process sees it, or "unset". */
    public static String openBlasThreads() {
        String v = System.getenv("OPENBLAS_NUM_THREADS");
        return v == null ? "unset" : v;
    }

    /**
     * The float32 GEMM selected above: the engine's VectorGemm or netlib's; float64 products always
     * run on {@link #get()} ({@link TensorKernels#gemm} calls both).
     */
    public static Sgemm float32() {
        return FLOAT32;
    }

    /** netlib's {@code blas} as a row-major float32 GEMM. */
    private static Sgemm netlib(BLAS blas) {
        // Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T: swap the operands.
        return (ta, tb, m, n, k, al, a, ao, la, b, bo, lb, be, c, co, lc) -> {
            if (m != 0 && n != 0) {
                blas.sgemm(tb ? "T" : "N", ta ? "T" : "N", n, m, k, al, b, bo, lb, a, ao, la, be, c, co, lc);
            }
        };
    }

    /** The engine's VectorGemm as a row-major float32 GEMM. */
    private static Sgemm vectorGemm() {
        return (ta, tb, m, n, k, al, a, ao, la, b, bo, lb, be, c, co, lc) -> VectorGemm.gemm(
                m,
                n,
                k,
                al,
                new VectorGemm.MatrixA(ta, a, ao, la),
                new VectorGemm.MatrixB(tb, b, bo, lb),
                be,
                c,
                co,
                lc);
    }

    /**
     * A float32 row-major GEMM, as {@link TensorKernels#gemm}: {@code C = al · op(A) · op(B) + be · C}
     * with op(A) (m, k) and op(B) (k, n) transposed or not (ta, tb), A, B and C from offsets ao, bo, co
     * with row strides la, lb, lc.
     */
    @FunctionalInterface
    public interface Sgemm {
        void gemm(
                boolean ta,
                boolean tb,
                int m,
                int n,
                int k,
                float al,
                float[] a,
                int ao,
                int la,
                float[] b,
                int bo,
                int lb,
                float be,
                float[] c,
                int co,
                int lc);
    }

    /**
     * A named float32 GEMM, whichever {@link #PROPERTY} selects: {@code vector} (the engine's
     * kernel; needs jdk.incubator.vector), {@code netlib-java} (netlib's VectorBLAS, or Java11BLAS
     * without the module) or {@code native} (netlib's JNIBLAS; fails without libblas.so.3).
     */
    public static Sgemm kernel(String name) {
        switch (name) {
            case "vector":
                if (!vectorModule()) {
                    throw new IllegalStateException(
                            "the engine's Vector API kernel needs --add-modules jdk.incubator.vector");
                }
                return vectorGemm();
            case "netlib-java":
                return netlib(JavaBLAS.getInstance());
            case "native":
                return netlib(NativeBLAS.getInstance());
            default:
                throw new IllegalArgumentException("no GEMM kernel named " + name + " (vector, netlib-java, native)");
        }
    }

    /** The class name of a kernel {@link #kernel} returns, e.g. VectorBLAS for netlib-java. */
    public static String kernelImplementation(String name) {
        return switch (name) {
            case "vector" -> "VectorGemm";
            case "netlib-java" -> JavaBLAS.getInstance().getClass().getSimpleName();
            case "native" -> NativeBLAS.getInstance().getClass().getSimpleName();
            default -> throw new IllegalArgumentException("no GEMM kernel named " + name);
        };
    }
}
