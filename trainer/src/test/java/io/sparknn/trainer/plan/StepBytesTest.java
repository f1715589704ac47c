package io.sparknn.trainer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.trainer.config.AggregationMode;
import io.sparknn.trainer.config.GradientWire;
import io.sparknn.trainer.spark.Aggregation;
import io.sparknn.trainer.spark.SparkGradientSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bytes the model predicts against every row of the committed benchmark tables (BENCHMARKS.md):
 * within 2% on each channel, and exactly 0 where nothing moves.
 */
class StepBytesTest {
    static final long MLP = 235_146;
    static final long LENET = 431_080;
    static final long WIDE = 10_041_354;
    static final double MB = 1e6;

    /** "Bytes per step as the executors grow" (issue 22): MB per step to 0.01 MB, float32. */
    static final Object[][] ISSUE_22 = {
        // params, P, mode, driver in, broadcast, shuffle written
        {MLP, 1, "d1", 0.95, 0.94, 0.00},
        {MLP, 1, "rs", 0.95, 0.95, 0.94},
        {MLP, 2, "d1", 1.89, 1.89, 0.00},
        {MLP, 2, "rs", 0.95, 1.90, 1.88},
        {MLP, 4, "d1", 3.78, 3.78, 0.00},
        {MLP, 4, "rs", 0.96, 3.80, 3.76},
        {MLP, 8, "d1", 7.57, 7.56, 0.00},
        {MLP, 8, "rs", 0.97, 7.60, 7.53},
        {LENET, 1, "d1", 1.73, 1.73, 0.00},
        {LENET, 1, "rs", 1.74, 1.73, 1.72},
        {LENET, 2, "d1", 3.47, 3.46, 0.00},
        {LENET, 2, "rs", 1.74, 3.47, 3.45},
        {LENET, 4, "d1", 6.94, 6.92, 0.00},
        {LENET, 4, "rs", 1.74, 6.94, 6.90},
        {LENET, 8, "d1", 13.87, 13.83, 0.00},
        {LENET, 8, "rs", 1.76, 13.88, 13.80},
        {WIDE, 1, "d1", 40.36, 40.19, 0.00},
        {WIDE, 1, "rs", 40.36, 40.20, 40.17},
        {WIDE, 2, "d1", 80.73, 80.39, 0.00},
        {WIDE, 2, "rs", 40.37, 80.40, 80.33},
        {WIDE, 4, "d1", 161.45, 160.78, 0.00},
        {WIDE, 4, "rs", 40.37, 160.80, 160.66},
        {WIDE, 8, "d1", 322.90, 321.56, 0.00},
        {WIDE, 8, "rs", 40.39, 321.60, 321.33},
    };

    /**
     * "bfloat16 on the wire", on the standalone cluster (issue 24): driver in and shuffle on both
     * wires (MB to 0.001), broadcast (both wires, to 0.01).
     */
    static final Object[][] ISSUE_24 = {
        // params, P, mode, driver in f32, bf16, shuffle f32, bf16, broadcast
        {LENET, 1, "d1", 1.734, 0.867, 0.0, 0.0, 1.73},
        {LENET, 1, "rs", 1.736, 0.869, 1.724, 0.862, 1.73},
        {LENET, 2, "d1", 3.468, 1.735, 0.0, 0.0, 3.46},
        {LENET, 2, "rs", 1.739, 0.872, 3.449, 1.725, 3.47},
        {LENET, 4, "d1", 6.935, 3.470, 0.0, 0.0, 6.92},
        {LENET, 4, "rs", 1.745, 0.878, 6.898, 3.450, 6.94},
        {LENET, 8, "d1", 13.871, 6.940, 0.0, 0.0, 13.84},
        {LENET, 8, "rs", 1.756, 0.890, 13.799, 6.901, 13.88},
        {WIDE, 1, "d1", 40.363, 20.182, 0.0, 0.0, 40.19},
        {WIDE, 1, "rs", 40.365, 20.184, 40.166, 20.083, 40.20},
        {WIDE, 2, "d1", 80.726, 40.364, 0.0, 0.0, 80.39},
        {WIDE, 2, "rs", 40.368, 20.187, 80.331, 40.166, 80.40},
        {WIDE, 4, "d1", 161.451, 80.728, 0.0, 0.0, 160.78},
        {WIDE, 4, "rs", 40.374, 20.193, 160.663, 80.332, 160.80},
        {WIDE, 8, "d1", 322.903, 161.456, 0.0, 0.0, 321.56},
        {WIDE, 8, "rs", 40.386, 20.205, 321.327, 160.666, 321.60},
    };

    /** The same section's local[2] table, exact bytes (LeNet, 4 partitions; no broadcast is stored in local mode). */
    static final Object[][] LOCAL = {
        // mode, wire, driver in, shuffle written
        {"d1", GradientWire.FLOAT32, 6_935_332.0, 0.0},
        {"d1", GradientWire.BFLOAT16, 3_469_758.0, 0.0},
        {"rs", GradientWire.FLOAT32, 1_744_459.0, 6_898_412.0},
        {"rs", GradientWire.BFLOAT16, 878_177.0, 3_449_772.0},
    };

    static AggregationMode mode(Object o) {
        return o.equals("d1") ? AggregationMode.DEPTH_1 : AggregationMode.REDUCE_SCATTER;
    }

    @Test
    void everyIssue22RowWithin2Percent() {
        List<String> off = new ArrayList<>();
        for (Object[] r : ISSUE_22) {
            StepBytes b = StepBytes.of(mode(r[2]), (long) r[0], 4, GradientWire.FLOAT32, (int) r[1]);
            check(off, r, "driver in", (double) r[3] * MB, b.driverIn());
            check(off, r, "broadcast", (double) r[4] * MB, b.broadcast());
            check(off, r, "shuffle", (double) r[5] * MB, b.shuffle());
        }
        assertTrue(off.isEmpty(), String.join("\n", off));
    }

    @Test
    void everyIssue24RowWithin2PercentOnBothWires() {
        List<String> off = new ArrayList<>();
        for (Object[] r : ISSUE_24) {
            long params = (long) r[0];
            int p = (int) r[1];
            StepBytes f = StepBytes.of(mode(r[2]), params, 4, GradientWire.FLOAT32, p);
            StepBytes h = StepBytes.of(mode(r[2]), params, 4, GradientWire.BFLOAT16, p);
            check(off, r, "driver in float32", (double) r[3] * MB, f.driverIn());
            check(off, r, "driver in bfloat16", (double) r[4] * MB, h.driverIn());
            check(off, r, "shuffle float32", (double) r[5] * MB, f.shuffle());
            check(off, r, "shuffle bfloat16", (double) r[6] * MB, h.shuffle());
            check(off, r, "broadcast float32", (double) r[7] * MB, f.broadcast());
            check(off, r, "broadcast bfloat16", (double) r[7] * MB, h.broadcast());
        }
        assertTrue(off.isEmpty(), String.join("\n", off));
    }

    @Test
    void theLocalTableWithin2Percent() {
        List<String> off = new ArrayList<>();
        for (Object[] r : LOCAL) {
            StepBytes b = StepBytes.of(mode(r[0]), LENET, 4, (GradientWire) r[1], 4);
            check(off, r, "driver in", (double) r[2], b.driverIn());
            check(off, r, "shuffle", (double) r[3], b.shuffle());
        }
        assertTrue(off.isEmpty(), String.join("\n", off));
    }

    private static void check(List<String> off, Object[] row, String what, double measured, double predicted) {
        boolean ok = measured == 0 ? predicted == 0 : Math.abs(predicted / measured - 1) <= 0.02;
        if (!ok) {
            off.add(java.util.Arrays.toString(row) + " " + what + ": measured " + measured + ", predicted "
                    + predicted);
        }
    }

    @Test
    void tasksAndStagesPerMode() {
        // depth 2 groups ⌈√P⌉ consecutive partitions: 8 → groups of 3 → 3 reducers; 10 → 4 → 3; 16 → 4 → 4
        assertEquals(8 + 3, StepBytes.tasks(AggregationMode.DEPTH_2, 8));
        assertEquals(10 + 3, StepBytes.tasks(AggregationMode.DEPTH_2, 10));
        assertEquals(16 + 4, StepBytes.tasks(AggregationMode.DEPTH_2, 16));
        assertEquals(256 + 16, StepBytes.tasks(AggregationMode.DEPTH_2, 256));
        assertEquals(2, StepBytes.tasks(AggregationMode.DEPTH_2, 1)); // one group of one, still a shuffle
        assertEquals(512, StepBytes.tasks(AggregationMode.REDUCE_SCATTER, 256));
        assertEquals(256, StepBytes.tasks(AggregationMode.DEPTH_1, 256));
        assertEquals(
                1,
                StepBytes.of(AggregationMode.DEPTH_1, MLP, 4, GradientWire.FLOAT32, 8)
                        .stages());
        assertEquals(
                2,
                StepBytes.of(AggregationMode.DEPTH_2, MLP, 4, GradientWire.FLOAT32, 8)
                        .stages());
        assertEquals(
                2,
                StepBytes.of(AggregationMode.REDUCE_SCATTER, MLP, 4, GradientWire.FLOAT32, 8)
                        .stages());
        // the trainer's own group size
        for (int p : new int[] {1, 2, 3, 4, 5, 8, 9, 10, 16, 17, 64, 255, 256}) {
            assertEquals(((Aggregation.Grouped) Aggregation.grouped(p)).size(), StepBytes.groupSize(p), "P " + p);
            assertEquals(((Aggregation.Grouped) Aggregation.grouped(p)).results(p), StepBytes.groups(p), "P " + p);
        }
        assertThrows(IllegalArgumentException.class, () -> StepBytes.tasks(AggregationMode.AUTO, 4));
    }

    @Test
    void depth2BringsTheGroupSumsAndShufflesEveryGradient() {
        // 64 partitions: groups of 8, 8 group sums to the driver instead of 64 gradients
        StepBytes d2 = StepBytes.of(AggregationMode.DEPTH_2, WIDE, 4, GradientWire.FLOAT32, 64);
        StepBytes d1 = StepBytes.of(AggregationMode.DEPTH_1, WIDE, 4, GradientWire.FLOAT32, 64);
        assertEquals(8.0 / 64, d2.driverIn() / d1.driverIn(), 0.001);
        assertEquals(64 * 4.0 * WIDE, d2.shuffle(), 64 * 4.0 * WIDE * 0.001);
        // a float64 network's bfloat16 wire moves a quarter of its float32 wire's gradient bytes
        assertEquals(
                0.25,
                StepBytes.gradientBytes(WIDE, 8, GradientWire.BFLOAT16)
                        / StepBytes.gradientBytes(WIDE, 8, GradientWire.FLOAT32));
        // the broadcast is the weights whatever the wire
        assertEquals(
                d1.broadcast(),
                StepBytes.of(AggregationMode.DEPTH_1, WIDE, 4, GradientWire.BFLOAT16, 64)
                        .broadcast());
    }

    @Test
    void autoAgreesWithTheTrainersRule() {
        for (int p : new int[] {1, 3, 4, 8, 64}) {
            for (long bytes : new long[] {999_999, 1_000_000, 40_000_000}) {
                AggregationMode expected = SparkGradientSource.auto(p, bytes) == Aggregation.REDUCE_SCATTER
                        ? AggregationMode.REDUCE_SCATTER
                        : AggregationMode.DEPTH_1;
                assertEquals(expected, StepBytes.resolve(AggregationMode.AUTO, p, bytes), p + " " + bytes);
            }
        }
    }
}
