package io.sparknn.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorLoops} against the plain loops they replace, on every length around a few vector
 * widths, every offset into the array and every position of the value that decides the answer
 * (in the vector body and in the tail).
 */
class VectorLoopsTest {
    /** Values at the edges of the exponent field: the three non-finite ones and finite neighbours. */
    private static final float[] EDGES = {
        Float.NaN,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        Float.intBitsToFloat(0x7fc0_0001), // a NaN with a payload
        Float.intBitsToFloat(0xff80_0001), // a negative signalling NaN
        Float.MAX_VALUE,
        -Float.MAX_VALUE,
        Float.MIN_VALUE,
        Float.MIN_NORMAL,
        -0f,
        0f,
        1f
    };

    private static boolean naive(float[] v, int off, int count) {
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(v[off + i])) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theVectorLoopRunsInTheseTests() {
        assertTrue(Blas.vectorLoops(Precision.FLOAT32), "surefire passes --add-modules jdk.incubator.vector");
    }

    @Test
    void hasNonFiniteAgreesWithIsFiniteAtEveryPositionLengthAndOffset() {
        int width = VectorGemm.L;
        for (int count = 0; count <= 4 * width + 3; count++) {
            for (int off = 0; off < 3; off++) {
                float[] v = new float[off + count + 2];
                java.util.Arrays.fill(v, 3f);
                // values outside [off, off + count) must not count
                v[v.length - 1] = Float.NaN;
                if (off > 0) {
                    v[0] = Float.POSITIVE_INFINITY;
                }
                assertEquals(false, VectorLoops.hasNonFinite(v, off, count), "count " + count + " off " + off);
                for (int at = 0; at < count; at++) {
                    for (float e : EDGES) {
                        v[off + at] = e;
                        assertEquals(
                                naive(v, off, count),
                                VectorLoops.hasNonFinite(v, off, count),
                                "count " + count + " off " + off + " value " + e + " at " + at);
                        v[off + at] = 3f;
                    }
                }
            }
        }
    }

    @Test
    void theFloat32KernelAnswersThroughTheVectorLoop() {
        TensorKernels k = TensorKernels.of(Precision.FLOAT32);
        Storage s = Storage.allocate(Precision.FLOAT32, 1000);
        assertEquals(false, k.hasNonFinite(s, 0, 1000));
        s.set(997, Float.NEGATIVE_INFINITY);
        assertEquals(true, k.hasNonFinite(s, 0, 1000));
        assertEquals(false, k.hasNonFinite(s, 0, 997));
        assertEquals(true, k.hasNonFinite(s, 997, 1));
    }
}
