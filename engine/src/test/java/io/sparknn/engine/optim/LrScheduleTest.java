package io.sparknn.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.layer.SpecFields;
import io.sparknn.engine.layer.SpecValue;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class LrScheduleTest {
    private static double maxDiff;

    @Test
    void closedFormsMatchPyTorchSchedulersSteppedOncePerOptimizerStep() throws IOException {
        // golden/lr_schedules.txt: "schedule <text> | base <lr> | lrs <lr of step 0, 1, ...>"
        List<String> lines = PyTorchOptimizerGoldenTest.lines("/golden/lr_schedules.txt");
        assertTrue(lines.size() >= 10);
        for (String line : lines) {
            String[] parts = line.split(" \\| ");
            String text = parts[0].substring("schedule ".length());
            double base = Double.parseDouble(parts[1].substring("base ".length()));
            double[] want = PyTorchOptimizerGoldenTest.numbers(parts[2].split(" "), 1);
            LrSchedule s = LrSchedules.parse("golden", text);
            for (int t = 0; t < want.length; t++) {
                double d = PyTorchOptimizerGoldenTest.relDiff(s.lr(base, t), want[t]);
                maxDiff = Math.max(maxDiff, d);
                // PyTorch steps most schedulers by a recurrence; the closed form differs by rounding only.
                assertTrue(d < 1e-12, text + " step " + t + ": " + s.lr(base, t) + " vs PyTorch " + want[t]);
            }
        }
    }

    @Test
    void warmupRampsLinearlyThenStartsTheInnerScheduleAtItsOwnStepZero() {
        LrSchedule s = new LrSchedule.Warmup(4, 0.2, new LrSchedule.StepDecay(2, 0.5));
        double[] want = {0.2, 0.4, 0.6, 0.8, 1.0, 1.0, 0.5, 0.5, 0.25};
        for (int t = 0; t < want.length; t++) {
            assertEquals(want[t], s.lr(1.0, t), 1e-15, "step " + t);
        }
    }

    @Test
    void cosineReachesEtaMinAtTMaxAndIsHalfWayAtHalfTMax() {
        LrSchedule s = new LrSchedule.Cosine(8, 0.1);
        assertEquals(1.0, s.lr(1.0, 0), 0);
        assertEquals(0.55, s.lr(1.0, 4), 1e-15);
        assertEquals(0.1, s.lr(1.0, 8), 1e-15);
    }

    @Test
    void forBaseLrGivesTheTrainersStepToRateFunction() {
        var f = new LrSchedule.Exponential(0.5).forBaseLr(0.8);
        assertEquals(0.8, f.applyAsDouble(0), 0);
        assertEquals(0.1, f.applyAsDouble(3), 0);
    }

    @Test
    void textRoundTripsForEveryKindAndWarmup() {
        List<LrSchedule> all = List.of(
                new LrSchedule.Constant(),
                new LrSchedule.StepDecay(7, 0.3),
                new LrSchedule.Exponential(0.97),
                new LrSchedule.Cosine(100, 1e-5),
                new LrSchedule.Warmup(10, 0.01, new LrSchedule.Cosine(90, 0)),
                new LrSchedule.Warmup(3, 1.0 / 3, new LrSchedule.Constant()));
        for (LrSchedule s : all) {
            assertEquals(s, LrSchedules.parse("t", s.toText()), s.toText());
        }
    }

    @Test
    void parseAppliesPyTorchDefaults() {
        assertEquals(new LrSchedule.StepDecay(5, 0.1), LrSchedules.parse("t", "step step_size=5"));
        assertEquals(new LrSchedule.Cosine(20, 0), LrSchedules.parse("t", "cosine t_max=20"));
        assertEquals(
                new LrSchedule.Warmup(2, 1.0 / 3, new LrSchedule.Exponential(0.9)),
                LrSchedules.parse("t", "exponential gamma=0.9 warmup=2"));
    }

    @Test
    void badTextIsRejectedWithTheKeyNamed() {
        assertMessage("cfg: unknown lr schedule 'linear' (one of constant, step, exponential, cosine)", "linear");
        assertMessage("cfg: missing key 'gamma'", "exponential");
        assertMessage("cfg: missing key 't_max'", "cosine eta_min=0.1");
        assertMessage("cfg: key 'step_size' must be an integer >= 1, got 0", "step step_size=0");
        assertMessage(
                "cfg: key 'warmup_start_factor' must be in (0, 1], got 0", "constant warmup=3 warmup_start_factor=0");
        assertMessage("cfg: key 'gamma' must be a finite number >= 0, got -0.5", "exponential gamma=-0.5");
        assertMessage("cfg: unknown key 'warmup_start_factor'", "constant warmup_start_factor=0.5");
        assertMessage("cfg: unknown key 'gama'", "step step_size=3 gama=0.5");
        assertThrows(SpecException.class, () -> LrSchedules.parse("cfg", "constant warmup=3 warmup_start_factor=0"));
        assertThrows(
                SpecException.class,
                () -> new LrSchedule.Warmup(2, 0.5, new LrSchedule.Warmup(2, 0.5, new LrSchedule.Constant())));
    }

    @Test
    void configFieldsAreNamedWithTheScheduleObjectsPath() {
        SpecException missing = assertThrows(
                SpecException.class,
                () -> LrSchedules.read(
                        "exponential", new SpecFields("c.json", "schedule", tokens(Map.of("warmup", "2")))));
        assertEquals("c.json: missing key 'schedule.gamma'", missing.getMessage());
        SpecException range = assertThrows(
                SpecException.class,
                () -> LrSchedules.read("cosine", new SpecFields("c.json", "schedule", tokens(Map.of("t_max", "0")))));
        assertEquals("c.json: key 'schedule.t_max' must be an integer >= 1, got 0", range.getMessage());
        SpecException unknown = assertThrows(
                SpecException.class,
                () -> LrSchedules.read(
                        "constant", new SpecFields("c.json", "schedule", tokens(Map.of("gama", "0.5")))));
        assertEquals("c.json: unknown key 'schedule.gama'", unknown.getMessage());
    }

    private static void assertMessage(String message, String text) {
        SpecException e = assertThrows(SpecException.class, () -> LrSchedules.parse("cfg", text));
        assertEquals(message, e.getMessage());
    }

    @AfterAll
    static void report() {
        System.out.printf("PyTorch lr schedule golden: max relative difference %.3g%n", maxDiff);
    }

    /** Config fields given as spec-line tokens, typed as a spec line types them. */
    private static Map<String, SpecValue> tokens(Map<String, String> fields) {
        Map<String, SpecValue> m = new java.util.LinkedHashMap<>();
        fields.forEach((k, v) -> m.put(k, SpecValue.parse(v)));
        return m;
    }
}
