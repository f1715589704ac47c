package io.sparknn.trainer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.HessianFree;
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
 * Hessian-free through the loop on Spark: every Gauss-Newton-vector product (the vector shipped
 * with the job's tasks) and every trial loss is one Spark job over the shards, added in partition
 * order, and the preconditioner's per-example squares ride in the gradient's job; with the same
 * partitioning Spark gives the in-process bits (parameters, λ and the previous CG iterate, every
 * step's loss), float32 and float64, with dropout.
 */
class HessianFreeDistributedTest {
    static final NetworkSpec NET = NetworkSpec.builder(Shape.of(12))
            .dense(8)
            .relu()
            .dropout(0.2)
            .dense(3)
            .build(LossKind.SOFTMAX_CROSS_ENTROPY);
    static final ExampleBlock DATA = DistributedEqualsLocalTest.DATA;
    static final OptimizerSpec HF =
            OptimizerSpecs.parse("test", "hessian_free damping=0.3 max_cg_iter=12 curvature_fraction=0.5");

    record Run(TrainingState state, List<Double> losses, List<HessianFree.StepStats> steps) {}

    static Run train(GradientSource source, Precision p, int batch, int steps) {
        try (source) {
            Network init = Network.create(NET, Network.Options.of(p, 1), 42);
            TrainingState s =
                    new TrainingState(init.parameters().copy(), init.buffers().copy(), HF.create(p, NET));
            List<Double> losses = new ArrayList<>();
            List<HessianFree.StepStats> stats = new ArrayList<>();
            new TrainingLoop(new TrainingLoop.Settings(100, batch, 5, 0, steps), source, step -> HF.lr(), p)
                    .run(s, (r, st) -> {
                        losses.add(r.loss());
                        stats.add(((HessianFree) st.optimizer).lastStep());
                    });
            return new Run(s, losses, stats);
        }
    }

    @Test
    void sparkGivesTheInProcessBitsInBothPrecisions() {
        int[] sizes = {30, 1, 42, 30};
        // float64 on batches of 40, float32 on the whole training set per step
        for (Precision p : Precision.values()) {
            {
                int batch = p == Precision.FLOAT64 ? 40 : DATA.n;
                String what = p + ", batch " + batch;
                Run local = train(LbfgsDistributedTest.local(DATA, sizes, NET, p), p, batch, 4);
                Run onSpark = train(LbfgsDistributedTest.spark(DATA, sizes, NET, p), p, batch, 4);
                assertEquals(DistributedEqualsLocalTest.bits(local.state().params).length, NET.paramCount(), what);
                org.junit.jupiter.api.Assertions.assertArrayEquals(
                        DistributedEqualsLocalTest.bits(local.state().params),
                        DistributedEqualsLocalTest.bits(onSpark.state().params),
                        what + ": parameters");
                assertEquals(
                        local.state().optimizer.state(),
                        onSpark.state().optimizer.state(),
                        what + ": λ, p_prev");
                assertEquals(local.losses(), onSpark.losses(), what + ": losses");
                assertEquals(local.steps(), onSpark.steps(), what + ": CG iterations, choices, ρ");
                assertTrue(local.steps().stream().anyMatch(HessianFree.StepStats::moved), what + " " + local.steps());
                assertTrue(local.losses().get(3) < local.losses().get(0), what + ": trains " + local.losses());
            }
        }
    }

    @Test
    void eachProductAndEachTrialLossIsOneSparkJob() throws Exception {
        AtomicInteger jobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.incrementAndGet();
            }
        };
        GradientSource src = LbfgsDistributedTest.spark(DATA, new int[] {50, 53}, NET, Precision.FLOAT64);
        SparkTestContext.get().sc().addSparkListener(counter);
        Run r;
        try {
            r = train(src, Precision.FLOAT64, DATA.n, 3);
            SparkTestContext.get().sc().listenerBus().waitUntilEmpty();
        } finally {
            SparkTestContext.get().sc().removeSparkListener(counter);
        }
        int expected = 0;
        for (int i = 0; i < r.steps().size(); i++) {
            HessianFree.StepStats s = r.steps().get(i);
            // the gradient (with the squares), the warm start's residual after the first step, the CG products, the
            // trial losses
            expected += 1 + (i > 0 ? 1 : 0) + s.cgIterations() + s.evaluations();
        }
        assertTrue(expected > 3 * 5, r.steps().toString());
        assertEquals(expected, jobs.get(), "one Spark job per product and per trial loss: " + r.steps());
    }
}
