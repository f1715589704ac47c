package io.sparknn.trainer.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.DoubleStorage;
import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerState;
import io.sparknn.engine.train.EpochPermutation;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.InProcessGradientSource;
import io.sparknn.engine.train.StepPlan;
import io.sparknn.engine.train.StepTotals;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.Generated;
import io.sparknn.trainer.SparkTestContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * The reference is the plain engine loop over the same global batches, without Spark
 * ({@link InProcessGradientSource}), given the same blocks as the partitions. As the README promises:
 * with the same partitioning Spark gives the reference's bits (parameters, buffers, optimizer
 * state, every step's loss); another partitioning adds in another order and agrees to rounding, as
 * does depth-2 aggregation (which groups the additions differently), which repeats bitwise. All of
 * it on the float32 wire: the bfloat16 wire ({@code training.gradient_wire}) rounds the gradients on
 * their way and is exempt by nature; {@link GradientWireTest} holds it to its own promises instead.
 */
public class DistributedEqualsLocalTest {
    /** Conv, dense and dropout: dropout masks depend on global example ids, not on the partitioning. */
    public static final NetworkSpec SPEC = NetworkSpec.builder(Shape.of(1, 4, 3))
            .conv2d(3, 2)
            .relu()
            .flatten()
            .dense(8)
            .relu()
            .dropout(0.25)
            .dense(3)
            .build(LossKind.SOFTMAX_CROSS_ENTROPY);
    /** Batch norm: its running statistics are the buffers, combined from the shards in partition order. */
    static final NetworkSpec BATCH_NORM = NetworkSpec.builder(Shape.of(12))
            .dense(6)
            .batchNorm()
            .relu()
            .dense(3)
            .build(LossKind.SOFTMAX_CROSS_ENTROPY);

    static final ExampleBlock DATA = Generated.classification(103, 12, 3, 7);
    static final int BATCH = 24;
    static final int STEPS = 20;
    static final OptimizerSpec ADAM =
            OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM).withLr(0.01);

    /** What a run ends with, and the loss of each of its steps. */
    record Trained(Storage params, Storage buffers, OptimizerState optimizer, List<Double> losses) {}

    public static Trained train(GradientSource source, NetworkSpec spec, Precision p) {
        Network init = Network.create(spec, Network.Options.of(p, 1), 42);
        TrainingState s =
                new TrainingState(init.parameters().copy(), init.buffers().copy(), ADAM.create(p, spec.paramCount()));
        List<Double> losses = new ArrayList<>();
        new TrainingLoop(new TrainingLoop.Settings(100, BATCH, 5, 0.5, STEPS), source, step -> ADAM.lr(), p)
                .run(s, (r, st) -> losses.add(r.loss()));
        return new Trained(s.params, s.buffers, s.optimizer.state(), losses);
    }

    /** The parameters after training {@link #SPEC} (other tests train this way too). */
    public static double[] train(GradientSource source, Precision p) {
        return train(source, SPEC, p).params().toDoubles();
    }

    static GradientSource local(int[] sizes, NetworkSpec spec, Precision p) {
        return new InProcessGradientSource(ExampleBlock.split(DATA, sizes), spec, p, 1);
    }

    static GradientSource spark(int[] sizes, NetworkSpec spec, Precision p) {
        return spark(sizes, spec, p, 1);
    }

    static GradientSource spark(int[] sizes, NetworkSpec spec, Precision p, int depth) {
        JavaRDD<ExampleBlock> rdd =
                TrainingData.cache(SparkTestContext.get(), ExampleBlock.split(DATA, sizes), StorageLevel.MEMORY_ONLY());
        return new SparkGradientSource(SparkTestContext.get(), rdd, DATA.n, spec, p, 1).withAggregationDepth(depth);
    }

    static double relativeDistance(double[] a, double[] b) {
        double d = 0;
        double n = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
            n += b[i] * b[i];
        }
        return Math.sqrt(d / n);
    }

    /** The raw bits of each value: float bits for float32, double bits for float64. */
    static long[] bits(Storage s) {
        long[] b = new long[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = s instanceof FloatStorage f
                    ? Float.floatToRawIntBits(f.data[i])
                    : Double.doubleToRawLongBits(((DoubleStorage) s).data[i]);
        }
        return b;
    }

    static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }

    static void assertSameBits(Trained expected, Trained actual, String what) {
        assertEquals(STEPS, actual.losses().size(), what + ": steps run");
        assertArrayEquals(bits(expected.params()), bits(actual.params()), what + ": parameters");
        assertArrayEquals(bits(expected.buffers()), bits(actual.buffers()), what + ": buffers");
        assertEquals(expected.optimizer().steps(), actual.optimizer().steps(), what + ": optimizer steps");
        double[][] e = expected.optimizer().buffers();
        double[][] a = actual.optimizer().buffers();
        assertEquals(e.length, a.length, what + ": optimizer buffers");
        for (int i = 0; i < e.length; i++) {
            assertArrayEquals(bits(e[i]), bits(a[i]), what + ": optimizer buffer " + i);
        }
        assertArrayEquals(
                bits(expected.losses().stream().mapToDouble(Double::doubleValue).toArray()),
                bits(actual.losses().stream().mapToDouble(Double::doubleValue).toArray()),
                what + ": losses");
    }

    @Test
    void float64SamePartitioningGivesTheLocalBitsAndAnotherAgreesToRounding() {
        double[] initial = Network.create(SPEC, Network.Options.of(Precision.FLOAT64, 1), 42)
                .parameters()
                .toDoubles();
        int[] whole = {103};
        int[] uneven = {7, 40, 1, 55};
        Trained local = train(local(whole, SPEC, Precision.FLOAT64), SPEC, Precision.FLOAT64);
        Trained localUneven = train(local(uneven, SPEC, Precision.FLOAT64), SPEC, Precision.FLOAT64);

        double moved = relativeDistance(local.params().toDoubles(), initial);
        assertTrue(moved > 1e-9 * 1000, "weights moved " + moved);
        assertFalse(
                java.util.Arrays.equals(bits(local.params()), bits(localUneven.params())),
                "another partitioning adds in another order; were its bits the same, the checks below could not tell");
        assertSameBits(local, train(spark(whole, SPEC, Precision.FLOAT64), SPEC, Precision.FLOAT64), "1 partition");
        Trained sparkUneven = train(spark(uneven, SPEC, Precision.FLOAT64), SPEC, Precision.FLOAT64);
        assertSameBits(localUneven, sparkUneven, "4 partitions");
        double rounding = relativeDistance(
                sparkUneven.params().toDoubles(), local.params().toDoubles());
        assertTrue(rounding <= 1e-12, "4 partitions vs 1 block: " + rounding);
    }

    @Test
    void float32WithBatchNormSamePartitioningGivesTheLocalBits() {
        int[] sizes = {50, 53};
        Trained local = train(local(sizes, BATCH_NORM, Precision.FLOAT32), BATCH_NORM, Precision.FLOAT32);
        assertTrue(local.buffers().length() > 0, "batch norm's running statistics are buffers");
        assertFalse(
                java.util.Arrays.equals(
                        bits(local.buffers()),
                        bits(Network.create(BATCH_NORM, Network.Options.of(Precision.FLOAT32, 1), 42)
                                .buffers())),
                "the running statistics moved");
        assertSameBits(
                local,
                train(spark(sizes, BATCH_NORM, Precision.FLOAT32), BATCH_NORM, Precision.FLOAT32),
                "2 partitions, float32, batch norm");
    }

    @Test
    void treeAggregationOfDepthTwoMatchesTheReferenceToRoundingAndRepeatsBitwise() {
        Trained local = train(local(new int[] {103}, SPEC, Precision.FLOAT64), SPEC, Precision.FLOAT64);
        int[] sizes = {20, 3, 30, 0, 25, 25};
        Trained tree = train(spark(sizes, SPEC, Precision.FLOAT64, 2), SPEC, Precision.FLOAT64);
        double rounding =
                relativeDistance(tree.params().toDoubles(), local.params().toDoubles());
        assertTrue(rounding <= 1e-12, "depth 2 vs local: " + rounding);
        assertSameBits(tree, train(spark(sizes, SPEC, Precision.FLOAT64, 2), SPEC, Precision.FLOAT64), "depth 2 again");
    }

    @Test
    void float32FirstStepGradientSumsAreBitwiseForTheSamePartitioningAndCloseForAnother() {
        Network init = Network.create(SPEC, Network.Options.of(Precision.FLOAT32, 1), 42);
        StepPlan plan = new StepPlan(5, 0, 0, 0, BATCH, DATA.n);
        int[] sizes = {30, 3, 50, 20};
        StepTotals dist = spark(sizes, SPEC, Precision.FLOAT32).compute(plan, init.parameters(), init.buffers());
        StepTotals same = local(sizes, SPEC, Precision.FLOAT32).compute(plan, init.parameters(), init.buffers());
        StepTotals whole =
                local(new int[] {103}, SPEC, Precision.FLOAT32).compute(plan, init.parameters(), init.buffers());
        assertEquals(BATCH, dist.examples());
        assertEquals(BATCH, same.examples());
        assertEquals(BATCH, whole.examples());
        assertArrayEquals(bits(same.gradientSum()), bits(dist.gradientSum()), "same partitioning: gradient sum");
        assertEquals(
                Double.doubleToRawLongBits(same.lossSum()),
                Double.doubleToRawLongBits(dist.lossSum()),
                "same partitioning: loss sum");
        double rel = relativeDistance(
                dist.gradientSum().toDoubles(), whole.gradientSum().toDoubles());
        assertTrue(rel <= 1e-5, "float32 first-step gradient distance to 1 block: " + rel);
        assertEquals(whole.lossSum(), dist.lossSum(), 1e-4);
    }

    @Test
    void everyExampleIsVisitedOncePerEpochWhateverThePartitioning() {
        long total = 0;
        GradientSource src = spark(new int[] {50, 53}, SPEC, Precision.FLOAT32);
        Network init = Network.create(SPEC, Network.Options.of(Precision.FLOAT32, 1), 1);
        int steps = EpochPermutation.stepsPerEpoch(DATA.n, BATCH);
        for (int s = 0; s < steps; s++) {
            total += src.compute(new StepPlan(9, 3, s, s, BATCH, DATA.n), init.parameters(), init.buffers())
                    .examples();
        }
        assertEquals(103, total);
    }
}
