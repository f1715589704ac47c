package io.sparknn.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Precision;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorLoops#maxPoolForward} against the plain loop it replaces,
 * {@link FloatPoolKernels#maxForwardRows}: the same argmax (the first maximum in row-major window
 * order) and the same output bits, on LeNet's pools and odd windows, with ties, signed zeros,
 * infinities and NaNs of several payloads and signs.
 */
class VectorMaxPoolTest {
    /** Values drawn with repeats, so that windows hold equal maxima. */
    private static final float[] VALUES = {
        0f,
        -0f,
        1f,
        1f,
        -1f,
        2.5f,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        Float.NaN,
        Float.intBitsToFloat(0x7fc0_0001), // a NaN with a payload
        Float.intBitsToFloat(0xffc0_0000), // a negative NaN
        Float.MIN_VALUE,
        -Float.MAX_VALUE
    };

    private static float[] values(int n, Random r, boolean special) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = special && r.nextInt(3) == 0 ? VALUES[r.nextInt(VALUES.length)] : (float) r.nextGaussian();
        }
        return x;
    }

    private static void assertSameAsRows(Window2d g, int count, float[] x) {
        int outs = count * g.channels() * g.outArea();
        int[] argmax = new int[outs];
        int[] expectedArgmax = new int[outs];
        float[] y = new float[outs + 1];
        float[] expectedY = new float[outs + 1];
        VectorLoops.maxPoolForward(g, x, count, y, argmax);
        FloatPoolKernels.maxForwardRows(g, x, count, expectedY, expectedArgmax);
        assertArrayEquals(expectedArgmax, argmax, g + " count " + count);
        for (int o = 0; o < outs; o++) {
            assertEquals(Float.floatToRawIntBits(expectedY[o]), Float.floatToRawIntBits(y[o]), g + " output " + o);
        }
        assertEquals(0, Float.floatToRawIntBits(y[outs]), "nothing written past the outputs");
    }

    @Test
    void theVectorLoopRunsInTheseTests() {
        assertTrue(Blas.vectorLoops(Precision.FLOAT32), "surefire passes --add-modules jdk.incubator.vector");
    }

    @Test
    void agreesWithTheRowLoopOnLenetAndOddWindows() {
        Window2d[] windows = {
            Window2d.unpadded(20, 24, 24, 2, 2, 2, 2), // LeNet's first pool
            Window2d.unpadded(50, 8, 8, 2, 2, 2, 2), // and its second
            Window2d.unpadded(3, 7, 9, 2, 2, 2, 2), // a column and a row left over
            Window2d.unpadded(2, 9, 9, 3, 3, 2, 2), // overlapping windows
            Window2d.unpadded(1, 5, 11, 2, 3, 1, 2), // non-square, unequal strides
            Window2d.unpadded(4, 3, 3, 1, 1, 1, 1), // a 1×1 window: a copy
            Window2d.unpadded(1, 2, 2, 2, 2, 2, 2) // one window per plane
        };
        Random r = new Random(32);
        for (Window2d g : windows) {
            for (int count = 1; count <= 3; count++) {
                for (boolean special : new boolean[] {false, true}) {
                    assertSameAsRows(g, count, values(count * g.inSize(), r, special));
                }
            }
        }
    }

    @Test
    void keepsTheFirstOfEqualMaximaAndTheSignOfZero() {
        Window2d g = Window2d.unpadded(1, 2, 2 * VectorGemm.L, 2, 2, 2, 2);
        float[] x = new float[g.inSize()];
        java.util.Arrays.fill(x, 1f);
        x[1] = -0f; // window 0: {1, -0 / 1, 1}: the first 1 wins
        float[] values = {-0f, 0f, 0f, -0f};
        for (int i = 0; i < 4; i++) { // window 1: −0 first, then +0s: −0 is the maximum, by position
            x[2 + (i / 2) * g.inW() + i % 2] = values[i];
        }
        x[4 + g.inW()] = Float.NaN; // window 2: the NaN in its third position wins
        int outs = g.outArea();
        int[] argmax = new int[outs];
        float[] y = new float[outs];
        VectorLoops.maxPoolForward(g, x, 1, y, argmax);
        assertEquals(0, argmax[0]);
        assertEquals(2, argmax[1]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(y[1]));
        assertEquals(4 + g.inW(), argmax[2]);
        assertTrue(Float.isNaN(y[2]));
        for (int o = 3; o < outs; o++) {
            assertEquals(2 * o, argmax[o], "all equal: the top-left value");
        }
        assertSameAsRows(g, 1, x);
    }

    @Test
    void theFloat32KernelAnswersThroughTheVectorLoop() {
        Window2d g = Window2d.unpadded(2, 6, 6, 2, 2, 2, 2);
        float[] x = values(g.inSize(), new Random(7), true);
        int outs = g.channels() * g.outArea();
        int[] argmax = new int[outs];
        FloatStorage y = new FloatStorage(new float[outs]);
        PoolKernels.of(Precision.FLOAT32).maxForward(g, new FloatStorage(x), 1, y, argmax);
        int[] expectedArgmax = new int[outs];
        float[] expectedY = new float[outs];
        FloatPoolKernels.maxForwardRows(g, x, 1, expectedY, expectedArgmax);
        assertArrayEquals(expectedArgmax, argmax);
        assertArrayEquals(expectedY, y.data);
    }
}
