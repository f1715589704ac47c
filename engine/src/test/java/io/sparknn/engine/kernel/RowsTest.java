package io.sparknn.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The row add and copy of col2im and im2col, which run on the Vector API for rows of 8 to 63 values
 * when the module is there (this JVM has it): elementwise, so the bits of the plain loop, and nothing
 * outside the row is touched, for every length from 0 to 80.
 */
class RowsTest {
    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() - 0.5) * Math.scalb(1.0, r.nextInt(-10, 10)));
        }
        return v;
    }

    @Test
    void addAndCopyAreElementwise() {
        assertTrue(Rows.vector(), "the test JVM runs with jdk.incubator.vector, so the vector path is the one tested");
        SplittableRandom r = new SplittableRandom(11);
        for (int len = 0; len <= 80; len++) {
            float[] src = values(r, len + 5);
            float[] dst = values(r, len + 7);
            float[] want = dst.clone();
            for (int q = 0; q < len; q++) {
                want[3 + q] += src[2 + q];
            }
            Rows.add(src, 2, dst, 3, len);
            for (int q = 0; q < dst.length; q++) {
                assertEquals(Float.floatToIntBits(want[q]), Float.floatToIntBits(dst[q]), "add, length " + len + ", at " + q);
            }
            float[] copy = values(r, len + 7);
            float[] wantCopy = copy.clone();
            System.arraycopy(src, 1, wantCopy, 4, len);
            Rows.copy(src, 1, copy, 4, len);
            for (int q = 0; q < copy.length; q++) {
                assertEquals(Float.floatToIntBits(wantCopy[q]), Float.floatToIntBits(copy[q]), "copy, length " + len + ", at " + q);
            }
        }
    }
}
