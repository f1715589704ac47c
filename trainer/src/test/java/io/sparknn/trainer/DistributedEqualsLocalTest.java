package io.sparknn.trainer;

import io.sparknn.engine.train.EpochPermutation;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.InProcessGradientSource;
import io.sparknn.engine.train.StepPlan;
import io.sparknn.engine.train.StepTotals;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.train.ExampleBlock;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * The reference is the plain engine loop over the same global batches, without Spark. Same
 * partitioning twice: bitwise equal; other partitionings: equal to rounding.
 */
class DistributedEqualsLocalTest {
    /** Conv, dense and dropout: dropout masks depend on global example ids, not on the partitioning. */
    static final NetworkSpec SPEC = NetworkSpec.builder(Shape.of(1, 4, 3)).conv2d(3, 2).relu().flatten().dense(8).relu()
            .dropout(0.25).dense(3).build(LossKind.SOFTMAX_CROSS_ENTROPY);
    static final ExampleBlock DATA = Generated.classification(103, 12, 3, 7);
    static final int BATCH = 24;
    static final int STEPS = 20;
    static final OptimizerSpec ADAM = OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM).withLr(0.01);

    static double[] train(GradientSource source, Precision p) {
        Network init = Network.create(SPEC, Network.Options.of(p, 1), 42);
        TrainingState s = new TrainingState(init.parameters().copy(), init.buffers().copy(),
                ADAM.create(p, SPEC.paramCount()));
        new TrainingLoop(new TrainingLoop.Settings(100, BATCH, 5, 0.5, STEPS), source, step -> ADAM.lr(), p)
                .run(s, (r, st) -> { });
        return s.params.toDoubles();
    }

    static GradientSource spark(int[] sizes, Precision p) {
        JavaRDD<io.sparknn.engine.train.ExampleBlock> rdd = TrainingData.cache(SparkTestContext.get(),
                TrainingData.split(DATA, sizes), StorageLevel.MEMORY_ONLY());
        return new SparkGradientSource(SparkTestContext.get(), rdd, DATA.n, SPEC, p, 1);
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

    @Test
    void float64WeightsAfter20StepsMatchTheLocalReferenceForAnyPartitioning() {
        double[] initial = Network.create(SPEC, Network.Options.of(Precision.FLOAT64, 1), 42).parameters().toDoubles();
        double[] local = train(new InProcessGradientSource(List.of(DATA), SPEC, Precision.FLOAT64, 1), Precision.FLOAT64);
        double[] one = train(spark(new int[] {103}, Precision.FLOAT64), Precision.FLOAT64);
        double[] uneven = train(spark(new int[] {7, 40, 1, 55}, Precision.FLOAT64), Precision.FLOAT64);
        double[] unevenAgain = train(spark(new int[] {7, 40, 1, 55}, Precision.FLOAT64), Precision.FLOAT64);

        double moved = relativeDistance(local, initial);
        assertTrue(moved > 1e-9 * 1000, "weights moved " + moved);
        assertTrue(relativeDistance(one, local) <= 1e-12, "1 partition vs local: " + relativeDistance(one, local));
        assertTrue(relativeDistance(uneven, local) <= 1e-12, "4 partitions vs local: " + relativeDistance(uneven, local));
        assertArrayEquals(uneven, unevenAgain, 0.0, "same partitioning twice must be bitwise equal");
    }

    @Test
    void treeAggregationOfDepthTwoMatchesTheReferenceAndRepeatsBitwise() {
        double[] local = train(new InProcessGradientSource(List.of(DATA), SPEC, Precision.FLOAT64, 1), Precision.FLOAT64);
        int[] sizes = {20, 3, 30, 0, 25, 25};
        double[] tree = train(tree(sizes), Precision.FLOAT64);
        double[] again = train(tree(sizes), Precision.FLOAT64);
        assertTrue(relativeDistance(tree, local) <= 1e-12, "depth 2 vs local: " + relativeDistance(tree, local));
        assertArrayEquals(tree, again, 0.0);
    }

    static GradientSource tree(int[] sizes) {
        JavaRDD<ExampleBlock> rdd = TrainingData.cache(SparkTestContext.get(), TrainingData.split(DATA, sizes),
                StorageLevel.MEMORY_ONLY());
        return new SparkGradientSource(SparkTestContext.get(), rdd, DATA.n, SPEC, Precision.FLOAT64, 1, 2);
    }

    @Test
    void float32FirstStepGradientSumsMatchAcrossPartitionings() {
        Network init = Network.create(SPEC, Network.Options.of(Precision.FLOAT32, 1), 42);
        StepPlan plan = new StepPlan(5, 0, 0, 0, BATCH, DATA.n);
        StepTotals local = new InProcessGradientSource(List.of(DATA), SPEC, Precision.FLOAT32, 1)
                .compute(plan, init.parameters(), init.buffers());
        StepTotals dist = spark(new int[] {30, 3, 50, 20}, Precision.FLOAT32).compute(plan, init.parameters(), init.buffers());
        assertEquals(BATCH, local.examples());
        assertEquals(BATCH, dist.examples());
        double rel = relativeDistance(dist.gradientSum().toDoubles(), local.gradientSum().toDoubles());
        assertTrue(rel <= 1e-5, "float32 first-step gradient distance " + rel);
        assertEquals(local.lossSum(), dist.lossSum(), 1e-4);
    }

    @Test
    void everyExampleIsVisitedOncePerEpochWhateverThePartitioning() {
        Storage none = Storage.allocate(Precision.FLOAT32, 0);
        long total = 0;
        GradientSource src = spark(new int[] {50, 53}, Precision.FLOAT32);
        Network init = Network.create(SPEC, Network.Options.of(Precision.FLOAT32, 1), 1);
        int steps = EpochPermutation.stepsPerEpoch(DATA.n, BATCH);
        for (int s = 0; s < steps; s++) {
            total += src.compute(new StepPlan(9, 3, s, s, BATCH, DATA.n), init.parameters(), init.buffers()).examples();
        }
        assertEquals(103, total);
        assertEquals(0, none.length());
    }
}
