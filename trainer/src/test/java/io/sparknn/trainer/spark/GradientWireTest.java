package io.sparknn.trainer.spark;

import static io.sparknn.trainer.spark.DistributedEqualsLocalTest.DATA;
import static io.sparknn.trainer.spark.DistributedEqualsLocalTest.SPEC;
import static io.sparknn.trainer.spark.DistributedEqualsLocalTest.assertSameBits;
import static io.sparknn.trainer.spark.DistributedEqualsLocalTest.bits;
import static io.sparknn.trainer.spark.DistributedEqualsLocalTest.relativeDistance;
import static io.sparknn.trainer.spark.DistributedEqualsLocalTest.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparknn.engine.Network;
import io.sparknn.engine.Precision;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.train.Bfloat16;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.ShardResult;
import io.sparknn.engine.train.ShardWork;
import io.sparknn.engine.train.StepPlan;
import io.sparknn.engine.train.StepTotals;
import io.sparknn.engine.train.Weights;
import io.sparknn.trainer.JobConfigs;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.config.GradientWire;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.run.Compute;
import io.sparknn.trainer.run.TrainingRun;
import io.sparknn.trainer.spark.DistributedEqualsLocalTest.Trained;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bfloat16 wire ({@code training.gradient_wire: bfloat16}). Not the bits of the float32 wire
 * (which {@link DistributedEqualsLocalTest} holds to one process's bits; this wire is exempt by
 * nature), but: each hop rounds exactly where {@link Aggregation} says (one step's gradient against
 * sums written out here from the shards' own results), the losses and counts are those of the
 * float32 wire, a training repeats its bits and keeps them when a task fails and is retried, and
 * the bytes a step moves halve.
 */
class GradientWireTest {
    /** 6 partitions, one empty (skipped by every sum) and one of 3 examples; depth 2 groups of 3. */
    static final int[] SIZES = {30, 3, 0, 25, 20, 25};

    @AfterAll
    static void backToTheSharedContext() {
        SparkTestContext.restart();
    }

    static JavaSparkContext local4() {
        // 4 threads; a task may fail once and be retried (the second number: spark.task.maxFailures)
        return SparkTestContext.get(Map.of("spark.master", "local[4,2]"));
    }

    static SparkGradientSource source(JavaRDD<ExampleBlock> rdd, Precision p, Aggregation a, GradientWire wire) {
        return new SparkGradientSource(local4(), rdd, DATA.n, SPEC, p, 1)
                .aggregatedBy(a)
                .withGradientWire(wire);
    }

    static JavaRDD<ExampleBlock> cached() {
        return TrainingData.cache(local4(), ExampleBlock.split(DATA, SIZES), StorageLevel.MEMORY_ONLY());
    }

    /** A value as it arrives over the wire: rounded to bfloat16 from the sender's precision, widened. */
    static double wire(double x, Precision p) {
        return Bfloat16.toFloat(p == Precision.FLOAT32 ? Bfloat16.round((float) x) : Bfloat16.round(x));
    }

    /** a + b in precision p. */
    static double add(double a, double b, Precision p) {
        return p == Precision.FLOAT32 ? (double) ((float) a + (float) b) : a + b;
    }

    /** The shards' gradients (null for a shard without examples), computed here from the same weights and plan. */
    static double[][] shardGradients(Network init, StepPlan plan, Precision p) {
        List<ExampleBlock> blocks = ExampleBlock.split(DATA, SIZES);
        Weights w = Weights.of(SPEC.toText(), init.parameters(), init.buffers());
        double[][] g = new double[blocks.size()][];
        for (int i = 0; i < g.length; i++) {
            ShardResult r = new Shard(1, plan, "gradient-wire-test", ShardWork.GRADIENT)
                    .compute(i, List.of(blocks.get(i)).iterator(), w);
            if (r.examples > 0) {
                g[i] = p == Precision.FLOAT32 ? Storages.widen(r.gradFloat) : r.gradDouble;
            }
        }
        return g;
    }

    /** Σ over {@code members} in order of their gradients as received (rounded on the way or not), from +0. */
    static double[] sum(double[][] g, int from, int to, Precision p, boolean rounded) {
        double[] s = null;
        for (int m = from; m < to; m++) {
            if (g[m] == null) {
                continue;
            }
            if (s == null) {
                s = new double[g[m].length];
            }
            for (int i = 0; i < s.length; i++) {
                s[i] = add(s[i], rounded ? wire(g[m][i], p) : g[m][i], p);
            }
        }
        return s;
    }

    static double[] wired(double[] v, Precision p) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = wire(v[i], p);
        }
        return out;
    }

    /**
     * One step with each aggregation in float32 and float64: the gradient is the sum written out
     * here with a rounding on each of the aggregation's hops (and differs from the sum with any one
     * of them left out, so each rounding is checked); the loss sum, counts and right predictions
     * are the bits of the float32 wire with the same aggregation.
     */
    @Test
    void eachHopRoundsAndTheReceiverAddsInItsPrecisionInPartitionOrder() {
        JavaRDD<ExampleBlock> rdd = cached();
        int groups = 3; // ⌈√6⌉
        for (Precision p : Precision.values()) {
            Network init = Network.create(SPEC, Network.Options.of(p, 1), 42);
            StepPlan plan = new StepPlan(5, 0, 0, 0, 60, DATA.n);
            double[][] g = shardGradients(init, plan, p);
            double[] depthOne = sum(g, 0, g.length, p, true); // task → driver
            double[] unrounded = sum(g, 0, g.length, p, false);
            double[] scattered = wired(depthOne, p); // map → reducer, then reducer → driver
            double[] firstGroup = wired(sum(g, 0, groups, p, true), p);
            double[] secondGroup = wired(sum(g, groups, g.length, p, true), p);
            double[] grouped = new double[depthOne.length];
            for (int i = 0; i < grouped.length; i++) {
                grouped[i] = add(add(0, firstGroup[i], p), secondGroup[i], p);
            }
            // each rounding left out would give other bits
            assertFalse(java.util.Arrays.equals(bits(depthOne), bits(unrounded)), p + ": task → driver rounds");
            assertFalse(java.util.Arrays.equals(bits(scattered), bits(depthOne)), p + ": reducer → driver rounds");
            assertFalse(
                    java.util.Arrays.equals(bits(scattered), bits(wired(unrounded, p))), p + ": map → reducer rounds");
            assertFalse(java.util.Arrays.equals(bits(grouped), bits(depthOne)), p + ": group → driver rounds");

            assertArrayEquals(
                    bits(unrounded),
                    bits(source(rdd, p, Aggregation.IN_PARTITION_ORDER, GradientWire.FLOAT32)
                            .compute(plan, init.parameters(), init.buffers())
                            .gradientSum()
                            .toDoubles()),
                    p + ": the float32 wire, as written out here");
            Object[][] cases = {
                {Aggregation.IN_PARTITION_ORDER, depthOne},
                {Aggregation.REDUCE_SCATTER, scattered},
                {Aggregation.grouped(SIZES.length), grouped}
            };
            for (Object[] c : cases) {
                Aggregation a = (Aggregation) c[0];
                String what = p + ", " + a + " (" + a.hops() + ")";
                StepTotals t =
                        source(rdd, p, a, GradientWire.BFLOAT16).compute(plan, init.parameters(), init.buffers());
                StepTotals float32 =
                        source(rdd, p, a, GradientWire.FLOAT32).compute(plan, init.parameters(), init.buffers());
                assertEquals(p, t.gradientSum().precision(), what + ": summed in the network's precision");
                assertArrayEquals(bits((double[]) c[1]), bits(t.gradientSum().toDoubles()), what + ": gradient");
                assertEquals(
                        Double.doubleToRawLongBits(float32.lossSum()),
                        Double.doubleToRawLongBits(t.lossSum()),
                        what + ": loss sum");
                assertEquals(float32.lossCount(), t.lossCount(), what);
                assertEquals(float32.examples(), t.examples(), what);
                assertEquals(60, t.examples(), what);
                assertEquals(float32.correct(), t.correct(), what);
            }
        }
    }

    /** How many first attempts {@link #failingOnce} has failed (local mode: the tasks run in this JVM). */
    static final AtomicInteger FAILED = new AtomicInteger();

    /** The blocks, each step's task of partition 3 failing on its first attempt (then retried by Spark). */
    static JavaRDD<ExampleBlock> failingOnce(JavaRDD<ExampleBlock> rdd) {
        return rdd.mapPartitionsWithIndex(
                (p, it) -> {
                    if (p == 3 && TaskContext.get().attemptNumber() == 0) {
                        FAILED.incrementAndGet();
                        throw new IllegalStateException("injected: the first attempt of partition 3's task fails");
                    }
                    return it;
                },
                true);
    }

    /**
     * 20 Adam steps on the bfloat16 wire: other bits than the float32 wire's (close to them), the
     * same bits again, and the same bits when every step's task of one partition fails once and is
     * retried; with depth 1 and with reduce-scatter (where the failing task is a map task).
     */
    @Test
    void bfloat16RepeatsItsBitsAndKeepsThemWhenATaskIsRetried() {
        JavaRDD<ExampleBlock> rdd = cached();
        Precision p = Precision.FLOAT32;
        for (Aggregation a : List.of(Aggregation.IN_PARTITION_ORDER, Aggregation.REDUCE_SCATTER)) {
            Trained float32 = train(source(rdd, p, a, GradientWire.FLOAT32), SPEC, p);
            Trained bf16 = train(source(rdd, p, a, GradientWire.BFLOAT16), SPEC, p);
            assertFalse(
                    java.util.Arrays.equals(bits(float32.params()), bits(bf16.params())),
                    a + ": the bfloat16 wire rounds, so its bits are not the float32 wire's");
            double distance =
                    relativeDistance(bf16.params().toDoubles(), float32.params().toDoubles());
            assertTrue(distance < 1e-2, a + ": bfloat16 vs float32 wire after 20 steps: " + distance);
            assertSameBits(bf16, train(source(rdd, p, a, GradientWire.BFLOAT16), SPEC, p), a + ": again");
            int before = FAILED.get();
            Trained retried = train(source(failingOnce(rdd), p, a, GradientWire.BFLOAT16), SPEC, p);
            assertEquals(DistributedEqualsLocalTest.STEPS, FAILED.get() - before, a + ": one failed attempt a step");
            assertSameBits(bf16, retried, a + ": with a retried task every step");
        }
    }

    /**
     * Whole jobs on {@code local[4]} (4 partitions, shuffle compression off): on the bfloat16 wire
     * the driver receives half the bytes with depth 1, and reduce-scatter shuffles half and brings
     * the driver half; the model file keeps full float32 parameters.
     */
    @Test
    void theBytesEachStepMovesHalve(@TempDir Path tmp) throws Exception {
        long param = StepTrafficTest.PARAM_BYTES;
        Map<String, long[]> figures = new java.util.TreeMap<>();
        for (String aggregation : List.of("depth_1", "reduce_scatter")) {
            for (String wire : List.of("float32", "bfloat16")) {
                Path out = tmp.resolve(aggregation + "-" + wire);
                JobConfig cfg = JobConfigs.digits(
                        out,
                        "{\"type\": \"dense\", \"units\": 256}, {\"type\": \"relu\"}, {\"type\": \"dense\", \"units\": 10}",
                        "{\"type\": \"adam\", \"lr\": 0.01}",
                        "{\"batch_size\": 200, \"epochs\": 1, \"seed\": 2, \"partitions\": 4, \"log_every\": 1,"
                                + " \"aggregation\": \"" + aggregation + "\", \"gradient_wire\": \"" + wire + "\"}",
                        "");
                new TrainingRun(Compute.spark(SparkTestContext.get(StepTrafficTest.SETTINGS)), cfg, false).run();
                long driverIn = 0;
                long shuffled = 0;
                int steps = 0;
                for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
                    JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                    if (n.path("type").asText().equals("step")) {
                        driverIn += n.get("spark_driver_in_bytes").asLong();
                        shuffled += n.get("spark_shuffle_write_bytes").asLong();
                        steps++;
                    }
                }
                assertEquals(8, steps);
                figures.put(aggregation + " " + wire, new long[] {driverIn / steps, shuffled / steps});
                double[] params = ModelFile.load(out.resolve("model.bin")).parameters();
                long notBfloat16 = java.util.Arrays.stream(params)
                        .filter(v -> Bfloat16.toFloat(Bfloat16.round(v)) != v)
                        .count();
                assertTrue(
                        notBfloat16 > params.length / 2,
                        wire + ": the model keeps float32 parameters (" + notBfloat16 + " not bfloat16)");
            }
        }
        System.out.println("bytes per step (driver in, shuffle write): " + figuresText(figures));
        long[] d1 = figures.get("depth_1 float32");
        long[] d1b = figures.get("depth_1 bfloat16");
        long[] rs = figures.get("reduce_scatter float32");
        long[] rsb = figures.get("reduce_scatter bfloat16");
        assertTrue(d1[0] >= 4 * param && d1[0] < 5 * param, "depth 1, float32: 4 gradients in " + d1[0]);
        assertTrue(d1b[0] >= 2 * param && d1b[0] < 2.5 * param, "depth 1, bfloat16: 4 half gradients in " + d1b[0]);
        assertEquals(0, d1b[1], "depth 1 shuffles nothing");
        assertTrue(rsb[1] >= 2 * param && rsb[1] < 2.5 * param, "reduce-scatter, bfloat16: shuffled " + rsb[1]);
        assertTrue(rsb[0] >= param / 2 && rsb[0] < 0.75 * param, "reduce-scatter, bfloat16: driver in " + rsb[0]);
        assertTrue(rs[1] > 1.9 * rsb[1] && rs[0] > 1.6 * rsb[0], "reduce-scatter: the float32 wire moves about twice");
    }

    private static String figuresText(Map<String, long[]> figures) {
        List<String> parts = new ArrayList<>();
        figures.forEach((k, v) -> parts.add(k + ": " + v[0] + ", " + v[1]));
        return String.join("; ", parts);
    }

    /** float32 arrays as doubles (exactly). */
    static final class Storages {
        static double[] widen(float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
    }
}
