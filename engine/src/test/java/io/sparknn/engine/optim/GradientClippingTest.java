package io.sparknn.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknn.engine.Fixtures;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import org.junit.jupiter.api.Test;

/** PyTorch agreement on a real run is in {@link PyTorchOptimizerGoldenTest} (two cases clip). */
class GradientClippingTest {

    @Test
    void clipsToMaxNormOverTotalPlusEpsilonAndReturnsTheNormBeforeClipping() {
        Storage g = Storage.of(Precision.FLOAT64, 3, 0, -4);
        assertEquals(5.0, GradientClipping.clip(g, 1.0), 0);
        double coef = 1.0 / (5.0 + 1e-6);
        assertArrayEquals(new double[] {3 * coef, 0, -4 * coef}, g.toDoubles(), 0);
    }

    @Test
    void aNormEqualToMaxNormIsStillScaledByTheEpsilonAsInPyTorch() {
        Storage g = Storage.of(Precision.FLOAT64, 3, 4);
        GradientClipping.clip(g, 5.0);
        assertArrayEquals(new double[] {3 * (5 / (5 + 1e-6)), 4 * (5 / (5 + 1e-6))}, g.toDoubles(), 0);
    }

    @Test
    void aNormBelowMaxNormOrAMaxNormOfZeroLeavesTheGradientUntouched() {
        Storage g = Storage.of(Precision.FLOAT64, 0.3, -0.4);
        assertEquals(0.5, GradientClipping.clip(g, 0.6), 1e-16);
        assertArrayEquals(new double[] {0.3, -0.4}, g.toDoubles(), 0);
        Storage big = Storage.of(Precision.FLOAT64, 300, -400);
        assertEquals(500, GradientClipping.clip(big, 0), 0);
        assertArrayEquals(new double[] {300, -400}, big.toDoubles(), 0);
    }

    @Test
    void float32NormIsSummedInDoubleInIndexOrder() {
        Storage g = Fixtures.inputs(Precision.FLOAT32, 10_001, 5);
        double want = 0;
        for (float v : g.toFloats(0, g.length())) {
            want += (double) v * v;
        }
        Storage again = g.copy();
        double norm = GradientClipping.clip(g, 1.0);
        assertEquals(Math.sqrt(want), norm, 0);
        assertEquals(norm, GradientClipping.clip(again, 1.0), 0);
        assertArrayEquals(g.toFloats(0, g.length()), again.toFloats(0, again.length()), 0);
        assertEquals(1.0, Math.sqrt(sumOfSquares(g)), 1e-6);
    }

    private static double sumOfSquares(Storage s) {
        double sum = 0;
        for (double v : s.toDoubles()) {
            sum += v * v;
        }
        return sum;
    }
}
