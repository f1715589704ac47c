package io.sparknn.trainer.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.trainer.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The range test's smoothing, ramp and suggestions on hand-made curves, against values worked out by hand. */
class LrCurveTest {
    @Test
    void theSmoothedLossIsBiasCorrected() {
        SmoothedLoss s = new SmoothedLoss(0.98);
        assertEquals(1.0, s.add(1.0), 1e-15, "one loss: itself (uncorrected it would be 0.02)");
        // (0.98·1 + 3) / (1 + 0.98): 0.0796 / (1 − 0.98²) = 2.0101…; uncorrected 0.0796
        assertEquals(3.98 / 1.98, s.add(3.0), 1e-12);
        assertEquals((0.98 * 0.98 * 1 + 0.98 * 3 + 5) / (1 + 0.98 + 0.98 * 0.98), s.add(5.0), 1e-12);
    }

    @Test
    void theRampRunsFromStartToEndExponentially() {
        LrFinder.Settings s = new LrFinder.Settings(1e-7, 10, 101, "x");
        assertEquals(1e-7, s.lr(0), 1e-22);
        assertEquals(1e-3, s.lr(50), 1e-17, "half-way is the geometric mean, √(1e-7 · 10)");
        assertEquals(10, s.lr(100), 1e-12);
    }

    @Test
    void badSweepSettingsAreConfigErrors() {
        assertThrows(ConfigException.class, () -> new LrFinder.Settings(0, 10, 100, "x"));
        assertThrows(ConfigException.class, () -> new LrFinder.Settings(Double.NaN, 10, 100, "x"));
        assertThrows(ConfigException.class, () -> new LrFinder.Settings(1, 1, 100, "x"));
        assertThrows(ConfigException.class, () -> new LrFinder.Settings(1e-7, Double.POSITIVE_INFINITY, 100, "x"));
        assertThrows(ConfigException.class, () -> new LrFinder.Settings(1e-7, 10, 5, "x"));
    }

    @Test
    void steepestIsTheLeftRateOfTheSteepestFallPerDecade() {
        double[] lrs = {1e-4, 1e-3, 1e-2, 1e-1, 1};
        double[] losses = {2.0, 1.9, 1.2, 1.0, 3.0}; // slopes per decade −0.1, −0.7, −0.2, +2.0
        assertEquals(1e-3, LrCurve.steepest(lrs, losses), 0);
        assertEquals(1e-2, LrCurve.minimumTenth(lrs, losses), 1e-18, "lowest loss at 0.1, a tenth of it");
    }

    @Test
    void valleyFollowsFastaisLongestDecreasingRun() {
        double[] losses = {3.0, 2.9, 2.95, 2.8, 2.5, 2.6, 2.0, 1.4, 1.5, 1.1, 0.9, 1.0, 0.7, 0.8, 2.0, 5.0};
        // the longest strictly decreasing subsequence has 9 losses and ends at index 12 (0.7): s = 12 − 9 = 3,
        // e − s = 9, index 3 + ⌊3⌋ + ⌊1.5⌋ = 7 (checked against fastai's Python)
        assertEquals(7, LrCurve.valleyIndex(losses));
        double[] lrs = new double[losses.length];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = 1e-5 * Math.pow(2, i);
        }
        assertEquals(1.28e-3, LrCurve.valley(lrs, losses), 1e-18);
        // a valley from the first point: s = −1 in fastai's arithmetic; the first rate, not the last
        assertEquals(0, LrCurve.valleyIndex(new double[] {2, 1}));
    }

    @Test
    void suggestionsLeaveOutTheFirstTenthTheLastFiveAndWhatFollowsANan() {
        int n = 30;
        double[] lrs = new double[n];
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            lrs[i] = Math.pow(10, -6 + i * 0.2);
            losses[i] = 3 - 0.1 * i;
        }
        losses[0] = -100; // below everything, but in the first tenth
        losses[20] = Double.NaN;
        losses[25] = -200; // after the NaN
        LrCurve.Suggestions s = new LrCurve(lrs, losses, 30).suggestions();
        assertEquals(3, s.from());
        assertEquals(20, s.to());
        assertEquals(lrs[19] / 10, s.minimumTenth(), 1e-20, "the lowest loss within [3, 20)");
        assertTrue(
                Double.isNaN(new LrCurve(new double[5], new double[5], 5)
                        .suggestions()
                        .valley()),
                "all left out");
    }
}
