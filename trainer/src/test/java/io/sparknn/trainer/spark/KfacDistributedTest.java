package io.sparknn.trainer.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.optim.Kfac;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerSpecs;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.SparkTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;

/**
 * K-FAC through the loop on Spark: every shard's factor sums ride in the gradient's job (one Spark
 * job per step), added in partition order, so with the same partitioning Spark gives the
 * in-process bits: parameters, the averaged factors and their inverses, every step's loss; conv2d,
 * dense and dropout in float32 and float64, and batch norm (float64), whose parameters take the base step.
 */
class KfacDistributedTest {
    static final ExampleBlock DATA = DistributedEqualsLocalTest.DATA;
    static final OptimizerSpec KFAC =
            OptimizerSpecs.parse("test", "kfac lr=0.2 damping=0.01 factor_decay=0.9 inverse_interval=2");

    record Run(TrainingState state, List<Double> losses) {}

    static Run train(GradientSource source, NetworkSpec spec, Precision p, int steps) {
        try (source) {
            Network init = Network.create(spec, Network.Options.of(p, 1), 42);
            TrainingState s =
                    new TrainingState(init.parameters().copy(), init.buffers().copy(), KFAC.create(p, spec));
            List<Double> losses = new ArrayList<>();
            new TrainingLoop(new TrainingLoop.Settings(100, 40, 5, 0, steps), source, step -> KFAC.lr(), p)
                    .run(s, (r, st) -> losses.add(r.loss()));
            return new Run(s, losses);
        }
    }

    @Test
    void sparkGivesTheInProcessBitsInOneJobPerStep() throws Exception {
        // conv2d, dense and dropout in both precisions; batch norm (the base step) in float64
        Object[][] cases = {
            {DistributedEqualsLocalTest.SPEC, Precision.FLOAT32, "conv"},
            {DistributedEqualsLocalTest.SPEC, Precision.FLOAT64, "conv"},
            {DistributedEqualsLocalTest.BATCH_NORM, Precision.FLOAT64, "batch norm"}
        };
        for (Object[] c : cases) {
            NetworkSpec spec = (NetworkSpec) c[0];
            Precision p = (Precision) c[1];
            String what = p + ", " + c[2];
            // batch norm needs 2 examples in every shard's part of a step
            int[] sizes = spec == DistributedEqualsLocalTest.SPEC ? new int[] {30, 1, 42, 30} : new int[] {50, 53};
            Run local = train(LbfgsDistributedTest.local(DATA, sizes, spec, p), spec, p, 4);
            AtomicInteger jobs = new AtomicInteger();
            SparkListener counter = new SparkListener() {
                @Override
                public void onJobStart(SparkListenerJobStart start) {
                    jobs.incrementAndGet();
                }
            };
            GradientSource source = LbfgsDistributedTest.spark(DATA, sizes, spec, p);
            SparkTestContext.get().sc().addSparkListener(counter);
            Run onSpark;
            try {
                onSpark = train(source, spec, p, 4);
                SparkTestContext.get().sc().listenerBus().waitUntilEmpty();
            } finally {
                SparkTestContext.get().sc().removeSparkListener(counter);
            }
            assertEquals(4, jobs.get(), what + ": one Spark job per step, the factors with the gradient");
            assertTrue(((Kfac) local.state().optimizer).blocks().size() >= 2, what);
            assertArrayEquals(
                    DistributedEqualsLocalTest.bits(local.state().params),
                    DistributedEqualsLocalTest.bits(onSpark.state().params),
                    what + ": parameters");
            assertEquals(
                    local.state().optimizer.state(), onSpark.state().optimizer.state(), what + ": factors");
            assertEquals(local.losses(), onSpark.losses(), what + ": losses");
            assertTrue(local.losses().get(3) < local.losses().get(0), what + ": trains " + local.losses());
        }
    }
}
