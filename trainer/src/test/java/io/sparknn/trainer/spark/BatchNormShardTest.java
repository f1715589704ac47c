package io.sparknn.trainer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.InProcessGradientSource;
import io.sparknn.engine.train.StepPlan;
import io.sparknn.engine.train.StepTotals;
import io.sparknn.trainer.Generated;
import io.sparknn.trainer.SparkTestContext;
import org.apache.spark.SparkException;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * Batch norm uses each shard's statistics (the documented exception to distributed = local): a
 * shard with one example of a step is a clear error, and running statistics are combined
 * count-weighted.
 */
class BatchNormShardTest {
    static final NetworkSpec SPEC = NetworkSpec.builder(Shape.of(12))
            .dense(6)
            .batchNorm()
            .relu()
            .dense(3)
            .build(LossKind.SOFTMAX_CROSS_ENTROPY);

    @Test
    void aShardWithOneExampleOfAStepIsAClearError() {
        ExampleBlock data = Generated.classification(5, 12, 3, 2);
        var rdd = TrainingData.cache(
                SparkTestContext.get(), ExampleBlock.split(data, new int[] {4, 1}), StorageLevel.MEMORY_ONLY());
        var src = new SparkGradientSource(SparkTestContext.get(), rdd, 5, SPEC, Precision.FLOAT64, 1);
        Network net = Network.create(SPEC, Network.Options.of(Precision.FLOAT64, 1), 1);
        SparkException e = assertThrows(
                SparkException.class,
                () -> src.compute(new StepPlan(1, 0, 0, 0, 5, 5), net.parameters(), net.buffers()));
        assertTrue(
                e.getMessage()
                        .contains("partition 1 holds 1 example of train step 0 (epoch 1): batch norm needs at least 2"),
                e.getMessage());
    }

    @Test
    void runningStatisticsAreTheCountWeightedMeanOfTheShards() {
        ExampleBlock data = Generated.classification(10, 12, 3, 8);
        Network net = Network.create(SPEC, Network.Options.of(Precision.FLOAT64, 1), 1);
        StepPlan plan = new StepPlan(1, 0, 0, 0, 10, 10);
        var rdd = TrainingData.cache(
                SparkTestContext.get(), ExampleBlock.split(data, new int[] {3, 7}), StorageLevel.MEMORY_ONLY());
        StepTotals dist = new SparkGradientSource(SparkTestContext.get(), rdd, 10, SPEC, Precision.FLOAT64, 1)
                .compute(plan, net.parameters(), net.buffers());
        // the same two shards computed one by one, then averaged 3:7 by hand
        double[] expected = new double[net.buffers().length()];
        for (ExampleBlock shard : ExampleBlock.split(data, new int[] {3, 7})) {
            StepTotals one = new InProcessGradientSource(java.util.List.of(shard), SPEC, Precision.FLOAT64, 1)
                    .compute(plan, net.parameters(), net.buffers());
            for (int i = 0; i < expected.length; i++) {
                expected[i] += one.examples() * one.buffers()[i] / 10.0;
            }
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], dist.buffers()[i], 1e-15);
        }
    }
}
