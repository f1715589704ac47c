package io.sparknn.trainer.spark;

import static io.sparknn.trainer.spark.DistributedEqualsLocalTest.BATCH_NORM;
import static io.sparknn.trainer.spark.DistributedEqualsLocalTest.DATA;
import static io.sparknn.trainer.spark.DistributedEqualsLocalTest.SPEC;
import static io.sparknn.trainer.spark.DistributedEqualsLocalTest.assertSameBits;
import static io.sparknn.trainer.spark.DistributedEqualsLocalTest.bits;
import static io.sparknn.trainer.spark.DistributedEqualsLocalTest.local;
import static io.sparknn.trainer.spark.DistributedEqualsLocalTest.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.GradientSum;
import io.sparknn.engine.train.ShardResult;
import io.sparknn.engine.train.StepTotals;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.spark.DistributedEqualsLocalTest.Trained;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * Reduce-scatter gives the bits of depth 1 (the driver adding every partition's gradient in
 * partition order): first its three parts (scatter on the tasks, reduce on the reducers, place on
 * the driver) without Spark, on results chosen so that another order of addition, a reducer that
 * starts from a copy of its first slice, or a sum that does not skip an empty shard each give other
 * bits; then whole trainings on {@code local[4]} in float32 and float64.
 */
class ReduceScatterTest {
    static final int PARTITIONS = 5;

    @AfterAll
    static void backToTheSharedContext() {
        SparkTestContext.restart();
    }

    /**
     * Partition p's result: partition 1 holds none of the batch; element 0 is −0 in every shard
     * (depth 1 gives +0: 0 + −0 is +0), element 1 is B, 1, −B, 1 with B + 1 rounding to B (in order
     * (B + 1) − B + 1 is 1, in another order 2 or 0); every scalar is set.
     */
    static ShardResult result(int p, Precision precision, int params) {
        ShardResult r = ShardResult.empty(p);
        if (p == 1) {
            return r;
        }
        double[] g = new double[params];
        for (int i = 0; i < params; i++) {
            g[i] = Math.sin(1 + p * 31 + i * 7) / (1 + i);
        }
        g[0] = -0.0;
        double big = precision == Precision.FLOAT32 ? 1e8 : 1e17; // big + 1 rounds to big
        g[1] = new double[] {big, 0, 1, -big, 1}[p];
        r.examples = 1 + p;
        r.lossSum = 0.1 * p + 1e-17 * (p - 2);
        r.lossCount = 2L * p + 1;
        r.correct = p;
        r.buffers = new double[] {0.3 * p, 1.0 / (p + 1)};
        r.function = new double[] {1.0 / 3 * p};
        r.computeNanos = 1000L * (7 - p);
        if (precision == Precision.FLOAT32) {
            r.gradFloat = new float[params];
            for (int i = 0; i < params; i++) {
                r.gradFloat[i] = (float) g[i];
            }
        } else {
            r.gradDouble = g;
        }
        return r;
    }

    /** Depth 1: the driver's sum of the whole results, arriving last partition first. */
    static StepTotals depthOne(Precision precision, int params) {
        GradientSum sum = new Aggregation.Sizes(precision, params, 2).sum(PARTITIONS);
        for (int p = PARTITIONS - 1; p >= 0; p--) {
            sum.accept(p, result(p, precision, params));
        }
        return sum.totals();
    }

    /** Reduce-scatter's parts run by hand: every reducer's records arrive last partition first. */
    static StepTotals reduceScatter(Precision precision, int params) {
        int slices = PARTITIONS;
        ReduceScatter.SlicePartitioner partitioner = new ReduceScatter.SlicePartitioner(slices);
        List<List<Tuple2<Integer, ShardResult>>> byReducer = new ArrayList<>();
        for (int j = 0; j < slices; j++) {
            byReducer.add(new ArrayList<>());
        }
        for (int p = 0; p < PARTITIONS; p++) {
            for (Tuple2<Integer, ShardResult> t : ReduceScatter.scatter(
                    result(p, precision, params), slices, params, new Aggregation.Sizes(precision, params, 2))) {
                byReducer.get(partitioner.getPartition(t._1())).add(t);
            }
        }
        Storage gradient = Storage.allocate(precision, params);
        GradientSum rest = new Aggregation.Sizes(precision, 0, 2).sum(PARTITIONS);
        for (int j = slices - 1; j >= 0; j--) {
            List<Tuple2<Integer, ShardResult>> records = byReducer.get(j);
            Collections.reverse(records);
            ShardResult[] reduced = ReduceScatter.reduce(
                    j, records.iterator(), new Aggregation.Sizes(precision, params, 2), slices, PARTITIONS);
            assertEquals(j == 0 ? 1 + PARTITIONS : 1, reduced.length, "reducer " + j + "'s answer");
            ReduceScatter.place(j, reduced, slices, gradient, rest);
        }
        return ReduceScatter.withGradient(rest.totals(), gradient);
    }

    static void assertSameTotals(StepTotals expected, StepTotals actual, String what) {
        assertArrayEquals(bits(expected.gradientSum()), bits(actual.gradientSum()), what + ": gradient");
        assertEquals(Double.doubleToRawLongBits(expected.lossSum()), Double.doubleToRawLongBits(actual.lossSum()));
        assertEquals(expected.lossCount(), actual.lossCount(), what + ": loss count");
        assertEquals(expected.correct(), actual.correct(), what + ": right predictions");
        assertEquals(expected.examples(), actual.examples(), what + ": examples");
        assertArrayEquals(bits(expected.buffers()), bits(actual.buffers()), what + ": buffers");
        assertArrayEquals(bits(expected.functionSum()), bits(actual.functionSum()), what + ": shard function");
        assertEquals(expected.computeNanosMax(), actual.computeNanosMax(), what + ": slowest shard");
        assertEquals(expected.computeNanosTotal(), actual.computeNanosTotal(), what + ": compute in total");
    }

    @Test
    void slicesAddedOnReducersGiveTheDriversBitsInBothPrecisions() {
        for (Precision precision : Precision.values()) {
            for (int params : new int[] {23, 3}) { // 23: slices of 4 and 5; 3: two reducers hold nothing
                String what = precision + ", " + params + " parameters";
                StepTotals expected = depthOne(precision, params);
                StepTotals actual = reduceScatter(precision, params);
                assertSameTotals(expected, actual, what);
                // what the checks above would miss if the results were not chosen as they are
                assertEquals(0, Double.doubleToRawLongBits(actual.gradientSum().get(0)), what + ": +0, not −0");
                assertEquals(1.0, actual.gradientSum().get(1), what + ": added in partition order");
                assertEquals(1 + 3 + 4 + 5, actual.examples(), what + ": the empty partition skipped");
                assertEquals(0 + 2 + 3 + 4, actual.correct(), what + ": right predictions of the shards with examples");
            }
        }
    }

    @Test
    void theSlicesCoverTheParametersOnceInOrder() {
        for (int[] c : new int[][] {{5, 23}, {5, 3}, {1, 7}, {8, 8}, {7, 1_000_003}}) {
            int slices = c[0];
            int params = c[1];
            assertEquals(0, ReduceScatter.from(0, slices, params));
            assertEquals(params, ReduceScatter.from(slices, slices, params));
            for (int j = 0; j < slices; j++) {
                int length = ReduceScatter.from(j + 1, slices, params) - ReduceScatter.from(j, slices, params);
                assertTrue(length == params / slices || length == params / slices + 1, slices + "/" + params);
            }
        }
    }

    @Test
    void autoPicksReduceScatterFromFourPartitionsAndOneMegabyteOnly() {
        assertSame(Aggregation.REDUCE_SCATTER, SparkGradientSource.auto(4, 1_000_000));
        assertSame(Aggregation.REDUCE_SCATTER, SparkGradientSource.auto(64, 1_724_840));
        assertSame(Aggregation.IN_PARTITION_ORDER, SparkGradientSource.auto(3, 400_000_000));
        assertSame(Aggregation.IN_PARTITION_ORDER, SparkGradientSource.auto(64, 999_999));
        // local[2]'s two partitions keep depth 1, whatever the network
        assertSame(Aggregation.IN_PARTITION_ORDER, SparkGradientSource.auto(2, 40_000_000));
    }

    static JavaSparkContext local4() {
        return SparkTestContext.get(Map.of("spark.master", "local[4]"));
    }

    static GradientSource spark(int[] sizes, NetworkSpec spec, Precision p, Aggregation aggregation) {
        JavaSparkContext sc = local4();
        JavaRDD<ExampleBlock> rdd = TrainingData.cache(sc, ExampleBlock.split(DATA, sizes), StorageLevel.MEMORY_ONLY());
        return new SparkGradientSource(sc, rdd, DATA.n, spec, p, 1).aggregatedBy(aggregation);
    }

    @Test
    void onLocal4ReduceScatterTrainsToTheBitsOfDepthOneAndOfOneProcess() {
        assertEquals("local[4]", local4().master());
        int[] sizes = {30, 0, 25, 25, 23};
        for (Precision p : Precision.values()) {
            Trained reference = train(local(sizes, SPEC, p), SPEC, p);
            Trained depthOne = train(spark(sizes, SPEC, p, Aggregation.IN_PARTITION_ORDER), SPEC, p);
            Trained scattered = train(spark(sizes, SPEC, p, Aggregation.REDUCE_SCATTER), SPEC, p);
            assertSameBits(reference, depthOne, p + ": depth 1");
            assertSameBits(reference, scattered, p + ": reduce-scatter");
            Trained other = train(local(new int[] {103}, SPEC, p), SPEC, p);
            assertFalse(
                    java.util.Arrays.equals(bits(reference.params()), bits(other.params())),
                    "another partitioning adds in another order; were its bits the same, the checks could not tell");
        }
        int[] halves = {50, 0, 53}; // batch norm needs 2 examples in every shard that has any
        Trained bn = train(local(halves, BATCH_NORM, Precision.FLOAT64), BATCH_NORM, Precision.FLOAT64);
        assertSameBits(
                bn,
                train(
                        spark(halves, BATCH_NORM, Precision.FLOAT64, Aggregation.REDUCE_SCATTER),
                        BATCH_NORM,
                        Precision.FLOAT64),
                "float64, batch norm: the buffers, weighted by examples, added in partition order");
    }
}
