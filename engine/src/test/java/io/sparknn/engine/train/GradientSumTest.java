package io.sparknn.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.LossResult;
import io.sparknn.engine.Precision;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link GradientSum} adds shard results in partition order whatever order they arrive in. The
 * values (±1e8 with 1 in float32, ±1e17 with 1 in float64) are chosen so that adding in arrival
 * order gives other bits: each test checks that first, so it would catch a sum taken as results
 * arrive.
 */
class GradientSumTest {
    /** Partition p's gradient sum: element 0 cancels in partition order, element 1 in another order. */
    private static final float[][] GRADIENTS = {{1e8f, 1f}, {1f, -1e8f}, {-1e8f, 1e8f}};

    private static final double[] LOSSES = {1e17, 1, -1e17};
    private static final double[] BUFFERS = {-1e17, 1e17, 1};
    private static final int[][] ARRIVALS = {{2, 0, 1}, {1, 2, 0}};

    @Test
    void float32ResultsArrivingOutOfOrderAreAddedInPartitionOrder() {
        float[] inOrder = addFloats(GRADIENTS, new int[] {0, 1, 2});
        for (int[] arrival : ARRIVALS) {
            assertFalse(
                    Arrays.equals(bits(inOrder), bits(addFloats(GRADIENTS, arrival))),
                    "adding in arrival order " + Arrays.toString(arrival)
                            + " must give other bits, or this test shows nothing");
            GradientSum sum = new GradientSum(Precision.FLOAT32, 2, 1, 3);
            for (int p : arrival) {
                sum.accept(p, floatShard(p, GRADIENTS[p], LOSSES[p], new double[] {BUFFERS[p]}));
            }
            StepTotals t = sum.totals();
            String order = "arrival " + Arrays.toString(arrival);
            assertArrayEquals(bits(inOrder), bits(((FloatStorage) t.gradientSum()).data), order);
            assertEquals(
                    Double.doubleToLongBits(addDoubles(LOSSES, new int[] {0, 1, 2})),
                    Double.doubleToLongBits(t.lossSum()),
                    order);
            assertEquals(
                    Double.doubleToLongBits(addDoubles(BUFFERS, new int[] {0, 1, 2}) / 3),
                    Double.doubleToLongBits(t.buffers()[0]),
                    order + ": buffers, weighted by examples, in partition order");
            assertEquals(3, t.examples());
            assertEquals(3, t.lossCount());
        }
    }

    @Test
    void float64ResultsArrivingOutOfOrderAreAddedInPartitionOrder() {
        double[][] gradients = {{1e17, 1}, {1, -1e17}, {-1e17, 1e17}};
        double[] inOrder = {
            addDoubles(column(gradients, 0), new int[] {0, 1, 2}), addDoubles(column(gradients, 1), new int[] {0, 1, 2})
        };
        for (int[] arrival : ARRIVALS) {
            double[] arrived = {addDoubles(column(gradients, 0), arrival), addDoubles(column(gradients, 1), arrival)};
            assertFalse(Arrays.equals(inOrder, arrived), "arrival order must give other bits");
            GradientSum sum = new GradientSum(Precision.FLOAT64, 2, 0, 3);
            for (int p : arrival) {
                ShardResult r = ShardResult.empty(p);
                r.examples = 1;
                r.lossCount = 1;
                r.gradDouble = gradients[p].clone();
                sum.accept(p, r);
            }
            assertArrayEquals(
                    inOrder, sum.totals().gradientSum().toDoubles(), 0.0, "arrival " + Arrays.toString(arrival));
        }
    }

    /**
     * aggregation_depth 2 as {@link SparkGradientSource} runs it: with 9 partitions, groups of
     * ⌈√9⌉ = 3 consecutive partitions are added on the executors (a group's results reach its task
     * in shuffle order, each is accepted at its index within the group), and the driver adds the
     * group totals as their tasks finish. Element 0 cancels inside group 0 in partition order; element
     * 1 cancels across the group totals in group order.
     */
    @Test
    void depthTwoGroupsAddInPartitionOrderWithinAndInGroupOrderAcross() {
        int partitions = 9;
        int size = (int) Math.ceil(Math.sqrt(partitions));
        float[][] shards = new float[partitions][2];
        shards[0][0] = 1e8f;
        shards[1][0] = 1f;
        shards[2][0] = -1e8f;
        shards[4][0] = 3f;
        shards[0][1] = 1f;
        shards[3][1] = -1e8f;
        shards[6][1] = 1e8f;
        float[] expected = addGrouped(shards, size, new int[] {0, 1, 2}, new int[] {0, 1, 2});
        for (int[] arrival : ARRIVALS) {
            float[] arrived = addGrouped(shards, size, arrival, arrival);
            assertFalse(Arrays.equals(bits(expected), bits(arrived)), "arrival order must give other bits");
            // within a group the arrival is `arrival` by index in the group; the groups arrive in the same order
            GradientSum driver = new GradientSum(Precision.FLOAT32, 2, 0, partitions / size);
            for (int g : arrival) {
                GradientSum group = new GradientSum(Precision.FLOAT32, 2, 0, size);
                for (int member : arrival) {
                    int p = g * size + member;
                    group.accept(member, floatShard(p, shards[p], 0, null));
                }
                driver.accept(g, group.totals().asShardResult(g, Precision.FLOAT32));
            }
            assertArrayEquals(
                    bits(expected),
                    bits(((FloatStorage) driver.totals().gradientSum()).data),
                    "arrival " + Arrays.toString(arrival));
        }
    }

    @Test
    void rightPredictionsAddOverShardsAndGroupsButNotOverEmptyOnes() {
        long[] correct = {5, 0, 7, 2};
        GradientSum sum = new GradientSum(Precision.FLOAT32, 2, 0, 5);
        for (int p : new int[] {3, 1, 4, 0, 2}) {
            ShardResult r = p == 4 ? ShardResult.empty(4) : floatShard(p, GRADIENTS[p % 3], 0, null);
            if (p < 4) {
                r.correct = correct[p];
                r.lossCount = 10;
            }
            sum.accept(p, r);
        }
        StepTotals t = sum.totals();
        assertEquals(14, t.correct(), "5 + 0 + 7 + 2, the empty partition adding nothing");
        assertEquals(40, t.lossCount());
        ShardResult group = t.asShardResult(0, Precision.FLOAT32);
        assertEquals(14, group.correct, "a group's total carries its count to the driver");
        GradientSum driver = new GradientSum(Precision.FLOAT32, 2, 0, 2);
        ShardResult other = floatShard(1, GRADIENTS[1], 0, null);
        other.correct = 3;
        driver.accept(1, other);
        driver.accept(0, group);
        assertEquals(17, driver.totals().correct());
    }

    @Test
    void aLossWithoutAccuracyStaysWithout() {
        GradientSum sum = new GradientSum(Precision.FLOAT32, 2, 0, 2);
        for (int p = 0; p < 2; p++) {
            ShardResult r = floatShard(p, GRADIENTS[p], 0, null);
            r.correct = LossResult.NO_ACCURACY;
            sum.accept(p, r);
        }
        assertEquals(LossResult.NO_ACCURACY, sum.totals().correct());
    }

    @Test
    void totalsRefuseUntilEveryPartitionHasReported() {
        GradientSum sum = new GradientSum(Precision.FLOAT32, 2, 0, 3);
        sum.accept(2, floatShard(2, GRADIENTS[2], 0, null));
        sum.accept(0, floatShard(0, GRADIENTS[0], 0, null));
        IllegalStateException e = assertThrows(IllegalStateException.class, sum::totals);
        assertEquals("only 1 of 3 partitions reported", e.getMessage(), "partition 2 waits for partition 1");
    }

    /**
     * A gradient that travelled as bfloat16 is widened and added in the sum's precision, in partition
     * order: in float64, 2^60 + (−2^60) + 1 gives 1 in partition order and 0 in the arrival order
     * (every addend is a bfloat16 exactly, so widening them changes nothing).
     */
    @Test
    void bfloat16GradientsAreAddedInTheNetworksPrecisionInPartitionOrder() {
        double[] values = {0x1p60, -0x1p60, 1};
        assertEquals(0.0, (values[2] + values[0]) + values[1], "arrival order 2, 0, 1 gives other bits");
        GradientSum sum = new GradientSum(Precision.FLOAT64, 1, 0, 3);
        for (int p : new int[] {2, 0, 1}) {
            ShardResult r = ShardResult.empty(p);
            r.examples = 1;
            r.gradBfloat16 = new short[] {Bfloat16.round(values[p])};
            sum.accept(p, r);
        }
        assertEquals(1.0, sum.totals().gradientSum().get(0));
        GradientSum f = new GradientSum(Precision.FLOAT32, 2, 0, 1);
        ShardResult r = ShardResult.empty(0);
        r.examples = 2;
        r.gradBfloat16 = new short[] {Bfloat16.round(1.5f), Bfloat16.round(Float.NaN)};
        f.accept(0, r);
        assertEquals(1.5f, ((FloatStorage) f.totals().gradientSum()).data[0]);
        assertTrue(Float.isNaN(((FloatStorage) f.totals().gradientSum()).data[1]), "NaN stays NaN");
    }

    private static ShardResult floatShard(int partition, float[] gradient, double loss, double[] buffers) {
        ShardResult r = ShardResult.empty(partition);
        r.examples = 1;
        r.lossSum = loss;
        r.lossCount = 1;
        r.gradFloat = gradient.clone();
        r.buffers = buffers;
        return r;
    }

    /** Element-wise float sums from zero, shards taken in {@code order}. */
    private static float[] addFloats(float[][] shards, int[] order) {
        float[] s = new float[shards[0].length];
        for (int p : order) {
            for (int i = 0; i < s.length; i++) {
                s[i] += shards[p][i];
            }
        }
        return s;
    }

    /** Groups of {@code size} consecutive shards, each added in {@code memberOrder}, then the groups in {@code groupOrder}. */
    private static float[] addGrouped(float[][] shards, int size, int[] memberOrder, int[] groupOrder) {
        float[][] groups = new float[shards.length / size][];
        for (int g = 0; g < groups.length; g++) {
            groups[g] = addFloats(Arrays.copyOfRange(shards, g * size, (g + 1) * size), memberOrder);
        }
        return addFloats(groups, groupOrder);
    }

    private static double addDoubles(double[] values, int[] order) {
        double s = 0;
        for (int p : order) {
            s += values[p];
        }
        return s;
    }

    private static double[] column(double[][] rows, int j) {
        return Arrays.stream(rows).mapToDouble(r -> r[j]).toArray();
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}
