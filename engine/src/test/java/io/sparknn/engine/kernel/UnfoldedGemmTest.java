package io.sparknn.engine.kernel;

import static io.sparknn.engine.kernel.VectorGemmTest.random;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.FloatStorage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The convolution products that gather im2col's values inside VectorGemm's packing
 * ({@link VectorGemm.Unfolded}) against im2col written out and multiplied by VectorGemm: equal bit
 * for bit (both sides are one fma chain per element in the same k order), for window geometries
 * whose panels cross output rows, planes and examples, with strides, non-square kernels, k blocks
 * longer than {@link VectorGemm#KC} and chunks that do not start at the first example.
 */
class UnfoldedGemmTest {
    private static final Blas.Sgemm GEMM = Blas.kernel("vector");

    private static void assertSameBits(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                throw new AssertionError(what + ": [" + i + "] is " + got[i] + ", im2col and the GEMM give " + want[i]);
            }
        }
    }

    private static void check(Window2d g, int m, int skip, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int patch = g.patch();
        int ld = count * g.outArea();
        int xOff = skip * g.inSize();
        float[] x = random(r, (skip + count) * g.inSize());
        float[] col = new float[patch * ld];
        FloatConvKernels.INSTANCE.im2col(g, new FloatStorage(x), xOff, count, new FloatStorage(col), ld);
        String what = g + " m=" + m + " skip=" + skip + " count=" + count;

        // forward: c (m, ld) = w (m, patch) · col, w from an offset
        float[] w = random(r, 3 + m * patch);
        float[] want = new float[m * ld];
        GEMM.gemm(false, false, m, ld, patch, 1f, w, 3, patch, col, 0, ld, 0f, want, 0, ld);
        float[] got = random(r, m * ld); // overwritten: beta = 0
        Blas.unfoldedProduct(g, m, w, 3, x, xOff, count, got);
        assertSameBits(want, got, "forward " + what);

        // weight gradient: c (m, patch) from 5 += dy (m, ld) · colᵀ
        float[] dy = random(r, m * ld);
        float[] grads = random(r, 5 + m * patch);
        float[] wantG = grads.clone();
        GEMM.gemm(false, true, m, patch, ld, 1f, dy, 0, ld, col, 0, ld, 1f, wantG, 5, patch);
        float[] gotG = grads.clone();
        Blas.unfoldedTransposedProduct(g, m, dy, x, xOff, count, gotG, 5);
        assertSameBits(wantG, gotG, "weight gradient " + what);
    }

    @Test
    void gatheredPanelsEqualIm2colThenGemmBitForBit() {
        long seed = 1;
        // LeNet's two convolutions (patch 25 and 500: one and two k blocks)
        check(Window2d.unpadded(1, 28, 28, 5, 5, 1, 1), 20, 0, 3, seed++);
        check(Window2d.unpadded(20, 12, 12, 5, 5, 1, 1), 50, 2, 2, seed++);
        // strides, non-square kernels and images, 1×1 kernels, a window as large as the image
        check(Window2d.unpadded(3, 7, 9, 2, 3, 2, 1), 5, 1, 4, seed++);
        check(Window2d.unpadded(2, 11, 6, 3, 2, 3, 2), 9, 0, 5, seed++);
        check(Window2d.unpadded(4, 5, 5, 1, 1, 1, 1), 17, 3, 2, seed++);
        check(Window2d.unpadded(2, 4, 3, 4, 3, 1, 1), 3, 0, 7, seed++);
        check(Window2d.unpadded(1, 1, 1, 1, 1, 1, 1), 1, 0, 1, seed++);
        // the floor: the last rows and columns of the image lie in no window
        check(Window2d.unpadded(3, 10, 8, 3, 3, 2, 3), 11, 1, 3, seed++);
        // a patch over 300, so k blocks split the rows inside a channel
        check(Window2d.unpadded(13, 9, 9, 5, 5, 1, 1), 7, 0, 2, seed++);
        check(Window2d.unpadded(13, 9, 9, 5, 5, 1, 1), 7, 1, 40, seed++);
    }

    @Test
    void paddedWindowsAreNotGathered() {
        Window2d padded = new Window2d(1, 4, 4, 3, 3, 1, 1, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> new VectorGemm.Unfolded(false, padded, new float[16], 0));
        org.junit.jupiter.api.Assertions.assertFalse(Blas.fusedUnfolding(padded, io.sparknn.engine.Precision.FLOAT32));
    }
}
