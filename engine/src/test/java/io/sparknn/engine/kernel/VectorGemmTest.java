package io.sparknn.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The engine's float32 GEMM against {@link #reference}, the naive definition (one
 * {@code Math.fma} chain per element in k order from +0, then {@code alpha·acc + beta·c}): equal
 * bit for bit on shapes that hit every edge of the blocking (1×1×1, k = 0, primes, sizes one off
 * the register tile, the k block, the A and B blocks), both transpositions of each operand, row
 * strides wider than the matrix, offsets, and alpha/beta of 0, 1 and others.
 */
class VectorGemmTest {
    private static final int MR = VectorGemm.MR;
    private static final int NR = VectorGemm.NR;
    private static final int KC = VectorGemm.KC;
    private static final Blas.Sgemm GEMM = Blas.kernel("vector");

    /** n values of varied magnitudes (2^−7 to 2^6), so that products added in another order round differently. */
    static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() - 0.5) * Math.scalb(1.0, r.nextInt(-6, 7)));
        }
        return v;
    }

    /** Runs kernel and reference on the same inputs; the outputs (and the untouched margins) must be identical. */
    private static void check(
            boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, int pad, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int aOff = pad * 3;
        int bOff = pad * 5;
        int cOff = pad * 7;
        int lda = (ta ? m : k) + pad;
        int ldb = (tb ? k : n) + pad;
        int ldc = n + pad;
        float[] a = random(r, aOff + (ta ? k : m) * lda + 1);
        float[] b = random(r, bOff + (tb ? n : k) * ldb + 1);
        float[] c = random(r, cOff + m * ldc + 1);
        if (beta == 0) {
            // with beta = 0, C is not read: NaN there must not leak into the result
            for (int i = 0; i < m; i++) {
                c[cOff + i * ldc] = Float.NaN;
            }
        }
        float[] want = c.clone();
        reference(alpha, beta, ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, want, cOff, ldc);
        float[] got = c.clone();
        GEMM.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, got, cOff, ldc);
        for (int i = 0; i < got.length; i++) {
            if (Float.floatToIntBits(got[i]) != Float.floatToIntBits(want[i])) {
                throw new AssertionError(String.format(
                        "transA=%s transB=%s m=%d n=%d k=%d alpha=%s beta=%s pad=%d: "
                                + "C[%d] is %s, the fma chain gives %s",
                        ta, tb, m, n, k, alpha, beta, pad, i, got[i], want[i]));
            }
        }
    }

    @Test
    void equalsTheFmaChainBitForBitOnOddShapes() {
        int[] ms = {1, 2, MR - 1, MR, MR + 1, 7, 13, 31, VectorGemm.MC + 1};
        int[] ns = {1, 3, NR - 1, NR, NR + 1, 17, 61, 2 * NR + 5};
        int[] ks = {0, 1, 2, 5, 29, KC, KC + 1, 2 * KC + 3, 3 * KC + 17};
        long seed = 1;
        int cases = 0;
        for (int m : ms) {
            for (int n : ns) {
                for (int k : ks) {
                    boolean ta = (seed & 1) != 0;
                    boolean tb = (seed & 2) != 0;
                    int pad = (int) (seed % 3);
                    check(ta, tb, m, n, k, 1f, 0f, pad, seed++);
                    cases++;
                }
            }
        }
        assertEquals(ms.length * ns.length * ks.length, cases);
    }

    @Test
    void everyTranspositionWithAlphaAndBeta() {
        float[][] ab = {{1f, 0f}, {1f, 1f}, {0.5f, 0f}, {-1.25f, 1f}, {1f, 0.75f}, {3f, -2f}, {0f, 1f}};
        long seed = 100;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (float[] x : ab) {
                    check(ta, tb, 37, 41, 43, x[0], x[1], 0, seed++);
                    check(ta, tb, 11, 3 * NR + 2, 2 * KC + 1, x[0], x[1], 2, seed++);
                }
            }
        }
    }

    @Test
    void blocksWiderThanOneBOrAPanelBlock() {
        // n beyond NC (several B blocks), m beyond MC (several A blocks), k in several blocks
        check(false, false, 2 * VectorGemm.MC + 5, VectorGemm.NC + NR + 3, KC + 9, 1f, 1f, 1, 7);
        check(true, true, VectorGemm.MC + MR + 1, VectorGemm.NC + 1, 7, 1f, 0f, 0, 8);
    }

    /** The shapes the benchmark networks run (MLP 784-256-128-10 at 64 rows, LeNet's convolutions and dense layers). */
    @Test
    void theBenchmarkNetworksShapes() {
        int[][] shapes = {
            {0, 1, 64, 256, 784}, {1, 0, 256, 784, 64}, {0, 0, 64, 784, 256}, {0, 1, 64, 10, 128},
            {0, 0, 20, 2880, 25}, {0, 1, 20, 25, 2880}, {0, 0, 50, 512, 500}, {0, 1, 50, 500, 512},
            {1, 0, 500, 512, 50}, {0, 1, 32, 500, 800}, {1, 0, 500, 800, 32}, {0, 0, 32, 800, 500},
        };
        long seed = 200;
        for (int[] s : shapes) {
            check(s[0] == 1, s[1] == 1, s[2], s[3], s[4], 1f, s[1] == 1 && s[0] == 1 ? 1f : 0f, 0, seed++);
            check(s[0] == 1, s[1] == 1, s[2], s[3], s[4], 1f, 1f, 0, seed++);
        }
    }

    /** The same call on other threads, at the same time, gives the same bits as on this one. */
    @Test
    void repeatsBitForBitAcrossThreads() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        int m = 70;
        int n = 300;
        int k = 2 * KC + 40;
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] first = new float[m * n];
        GEMM.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, first, 0, n);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<float[]>> fs = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                fs.add(pool.submit(() -> {
                    float[] c = new float[m * n];
                    for (int rep = 0; rep < 20; rep++) {
                        GEMM.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
                    }
                    return c;
                }));
            }
            for (Future<float[]> f : fs) {
                assertArrayEquals(first, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs the odd shapes of {@link #equalsTheFmaChainBitForBitOnOddShapes} and prints the tile it ran them with. */
    public static final class OtherWidth {
        public static void main(String[] args) {
            new VectorGemmTest().equalsTheFmaChainBitForBitOnOddShapes();
            new VectorGemmTest().everyTranspositionWithAlphaAndBeta();
            System.out.println(MR + "x" + NR);
        }
    }

    /**
     * The register tile follows the JVM's vector width: with vectors capped at 256 bits (AVX2) and
     * 128 bits (SSE) the kernel runs 6-row tiles of 16 and 8 columns, in a JVM of its own, and
     * still equals the fma chain bit for bit.
     */
    @Test
    void narrowerVectorsUseOtherTilesAndStillEqualTheChain() throws Exception {
        for (String[] w : new String[][] {{"32", "6x16"}, {"16", "6x8"}}) {
            List<String> cmd = List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules=jdk.incubator.vector",
                    "-XX:MaxVectorSize=" + w[0],
                    "-cp",
                    System.getProperty("java.class.path"),
                    OtherWidth.class.getName());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.trim().endsWith(w[1]), "MaxVectorSize=" + w[0] + ": " + out);
        }
    }

    /** Surefire runs with the Vector API module and no libblas.so.3 may be present: the facade picks consistently. */
    @Test
    void theFacadeNamesWhatRuns() {
        String netlib = Blas.get().getClass().getSimpleName();
        String name = Blas.implementationName();
        String choice = System.getProperty(Blas.PROPERTY, "auto");
        boolean own = choice.equals("vector") || (choice.equals("auto") && !netlib.equals("JNIBLAS"));
        // beside a native BLAS (JNIBLAS: OpenBLAS, or any libblas.so.3 the system resolves) the unpadded
        // convolutions still gather inside VectorGemm unless netlib or im2col is asked for
        String conv = System.getProperty(Blas.CONV_PROPERTY, "auto");
        boolean fused = conv.equals("fused") || (conv.equals("auto") && !choice.equals("netlib"));
        assertEquals(own ? "VectorGemm+" + netlib : fused ? "VectorGemm-conv+" + netlib : netlib, name);
        assertTrue(Blas.vectorModule());
    }

    /** The definition the kernel keeps, written out: one fma chain per element in k order from +0. */
    private static void reference(
            float alpha,
            float beta,
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    float x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    acc = Math.fma(x, y, acc);
                }
                int at = cOff + i * ldc + j;
                c[at] = beta == 0f ? alpha * acc : alpha * acc + beta * c[at];
            }
        }
    }
}
