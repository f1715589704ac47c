package io.sparknn.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The branch-free ReLU select against {@code x > 0 ? v : 0}, bit for bit, on the edges of both widths. */
class MasksTest {
    private static final float[] FLOATS = {
        0f,
        -0f,
        Float.MIN_VALUE,
        -Float.MIN_VALUE,
        Float.MIN_NORMAL,
        1f,
        -1f,
        Float.MAX_VALUE,
        -Float.MAX_VALUE,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        Float.NaN,
        Float.intBitsToFloat(0x7f800001),
        Float.intBitsToFloat(0x7fffffff),
        Float.intBitsToFloat(0xffffffff),
        Float.intBitsToFloat(0xff800001),
        Float.intBitsToFloat(0x80000001)
    };
    private static final double[] DOUBLES = {
        0d,
        -0d,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        Double.MIN_NORMAL,
        1d,
        -1d,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.NaN,
        Double.longBitsToDouble(0x7ff0000000000001L),
        Double.longBitsToDouble(0x7fffffffffffffffL),
        Double.longBitsToDouble(0xffffffffffffffffL),
        Double.longBitsToDouble(0xfff0000000000001L),
        Double.longBitsToDouble(0x8000000000000001L)
    };

    private static void check(float x, float v) {
        assertEquals(
                Float.floatToRawIntBits(x > 0 ? v : 0),
                Float.floatToRawIntBits(Masks.ifPositive(x, v)),
                () -> "x=" + x + " v=" + v);
    }

    private static void check(double x, double v) {
        assertEquals(
                Double.doubleToRawLongBits(x > 0 ? v : 0),
                Double.doubleToRawLongBits(Masks.ifPositive(x, v)),
                () -> "x=" + x + " v=" + v);
    }

    @Test
    void floatEdgesAndRandomBits() {
        for (float x : FLOATS) {
            for (float v : FLOATS) {
                check(x, v);
            }
        }
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 1_000_000; i++) {
            check(Float.intBitsToFloat(r.nextInt()), Float.intBitsToFloat(r.nextInt()));
        }
    }

    @Test
    void doubleEdgesAndRandomBits() {
        for (double x : DOUBLES) {
            for (double v : DOUBLES) {
                check(x, v);
            }
        }
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 1_000_000; i++) {
            check(Double.longBitsToDouble(r.nextLong()), Double.longBitsToDouble(r.nextLong()));
        }
    }
}
