package io.sparknn.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Network;
import io.sparknn.engine.Precision;
import org.junit.jupiter.api.Test;

/**
 * {@link ShardComputation#compute(Network, ExampleBlock, int[], StepPlan, int, ShardWork, boolean)}:
 * a lent gradient is the network's own array with the copy's values; a copy is asked for by the
 * public method, and taken anyway when the work has a function (which may run the network again
 * and overwrite the gradient before the caller adds it).
 */
class LentGradientTest {
    private static final int[] ROWS = {0, 3, 4, 7, 8};

    @Test
    void lendsTheNetworksArrayOnlyWhenNothingRunsTheNetworkAfterIt() {
        ExampleBlock block = HessianFreeTrainingTest.data();
        StepPlan plan = new StepPlan(1, 0, 0, 0, ROWS.length, block.n);
        try (Network net = Network.create(HessianFreeTrainingTest.NET, Network.Options.of(Precision.FLOAT32, 1), 5)) {
            float[] own = ((FloatStorage) net.gradients()).data;

            ShardResult copied = ShardComputation.compute(net, block, ROWS, plan, 0, ShardWork.GRADIENT);
            assertNotSame(own, copied.gradFloat);

            ShardResult lent = ShardComputation.compute(net, block, ROWS, plan, 0, ShardWork.GRADIENT, true);
            assertSame(own, lent.gradFloat);
            assertArrayEquals(copied.gradFloat, lent.gradFloat, "the same step gives the same gradient");

            ShardWork withFunction = ShardWork.gradientAnd(HessianFreeShards.LOSS);
            ShardResult guarded = ShardComputation.compute(net, block, ROWS, plan, 0, withFunction, true);
            assertNotSame(own, guarded.gradFloat);
            assertArrayEquals(copied.gradFloat, guarded.gradFloat);
        }
    }
}
