package io.sparknn.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import org.junit.jupiter.api.Test;

/**
 * The tanh activation kernel against {@link Math#tanh}: float32 (the gate math's rational
 * approximation) within {@link #ULPS} ulp of Math.tanh rounded to float, float64 equal to it.
 */
class TanhKernelTest {
    /** The worst over every float, found by an exhaustive run: 7 ulp near x = 5.86. */
    private static final int ULPS = 7;

    private static Storage tanh(Precision p, double... x) {
        Storage xs = Storage.allocate(p, x.length);
        for (int i = 0; i < x.length; i++) {
            xs.set(i, x[i]);
        }
        Storage y = Storage.allocate(p, x.length);
        ActivationKernels.of(p).tanhForward(xs, y, x.length);
        return y;
    }

    /** Every 9,973rd float bit pattern from 0 to +∞, both signs: subnormals, tiny, the curve, saturation. */
    private static double[] sweep() {
        int step = 9_973;
        int half = 0x7f800000 / step + 1;
        double[] x = new double[2 * half];
        for (int i = 0; i < half; i++) {
            float v = Float.intBitsToFloat(i * step);
            x[2 * i] = v;
            x[2 * i + 1] = -v;
        }
        return x;
    }

    @Test
    void float32IsWithinSevenUlpOfMathTanhOverASweepOfEveryMagnitude() {
        double[] x = sweep();
        Storage y = tanh(Precision.FLOAT32, x);
        double worst = 0;
        double at = 0;
        for (int i = 0; i < x.length; i++) {
            float want = (float) Math.tanh(x[i]);
            double ulps = Math.abs(y.get(i) - want) / Math.ulp(want);
            if (ulps > worst) {
                worst = ulps;
                at = x[i];
            }
        }
        assertTrue(worst <= ULPS, "worst " + worst + " ulp at x = " + at);
    }

    @Test
    void float32KeepsTinyArgumentsSignedZerosAndNaNAndSaturatesToExactlyOne() {
        double[] x = {
            0.0,
            -0.0,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            1e-40,
            Float.MIN_NORMAL,
            2e-38,
            -1e-30,
            20,
            -20,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.NaN
        };
        Storage y = tanh(Precision.FLOAT32, x);
        assertEquals(0x0L, Double.doubleToRawLongBits(y.get(0)), "tanh(+0) is +0");
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(y.get(1)), "tanh(−0) is −0");
        // tanh x = x to float precision below |x| ≈ 4e-4; without the gate math's scaling, x·p/q gave 0
        // for subnormal x and was 104 ulp off near 2e-38
        for (int i = 2; i < 8; i++) {
            float want = (float) x[i];
            assertTrue(Math.abs(y.get(i) - want) <= ULPS * Math.ulp(want), "tanh(" + want + ") = " + y.get(i));
            assertEquals(Math.signum(want), Math.signum(y.get(i)), "the sign of tanh(" + want + ")");
        }
        assertEquals(1, y.get(8), 0);
        assertEquals(-1, y.get(9), 0);
        assertEquals(1, y.get(10), 0);
        assertEquals(-1, y.get(11), 0);
        assertTrue(Double.isNaN(y.get(12)), "tanh(NaN) = " + y.get(12));
    }

    @Test
    void float64IsMathTanhItself() {
        double[] x = sweep();
        x[0] = -0.0;
        x[1] = Double.NaN;
        Storage y = tanh(Precision.FLOAT64, x);
        for (int i = 0; i < x.length; i++) {
            if (Double.doubleToRawLongBits(Math.tanh(x[i])) != Double.doubleToRawLongBits(y.get(i))) {
                fail("tanh(" + x[i] + ") = " + y.get(i) + ", Math.tanh gives " + Math.tanh(x[i]));
            }
        }
    }
}
