package io.sparknn.trainer.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.Lbfgs;
import io.sparknn.engine.optim.LbfgsSpec;
import io.sparknn.engine.optim.OptimizerSpecs;
import io.sparknn.engine.train.DivergedException;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.InProcessGradientSource;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.SparkTestContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * L-BFGS through the loop: every evaluation of a step's batch is one Spark job over the shards,
 * added in partition order, so with the same partitioning Spark gives the in-process bits
 * (parameters, the whole L-BFGS state, every step's loss), for both line searches, float32 and
 * float64, the whole training set or a batch of it per step. A trial point that overflows is no
 * divergence; a non-finite accepted step is.
 */
class LbfgsDistributedTest {
    static final NetworkSpec NET =
            NetworkSpec.builder(Shape.of(12)).dense(8).tanh().dense(3).build(LossKind.SOFTMAX_CROSS_ENTROPY);
    static final ExampleBlock DATA = DistributedEqualsLocalTest.DATA;

    record Run(TrainingState state, List<Double> losses, List<Integer> evaluations) {}

    static GradientSource local(ExampleBlock data, int[] sizes, NetworkSpec spec, Precision p) {
        return new InProcessGradientSource(ExampleBlock.split(data, sizes), spec, p, 1);
    }

    static GradientSource spark(ExampleBlock data, int[] sizes, NetworkSpec spec, Precision p) {
        JavaRDD<ExampleBlock> rdd =
                TrainingData.cache(SparkTestContext.get(), ExampleBlock.split(data, sizes), StorageLevel.MEMORY_ONLY());
        return new SparkGradientSource(SparkTestContext.get(), rdd, data.n, spec, p, 1);
    }

    static Run train(GradientSource source, NetworkSpec spec, String optimizer, Precision p, int batch, int steps) {
        LbfgsSpec o = (LbfgsSpec) OptimizerSpecs.parse("test", optimizer);
        try (source) {
            Network init = Network.create(spec, Network.Options.of(p, 1), 42);
            TrainingState s =
                    new TrainingState(init.parameters().copy(), init.buffers().copy(), o.create(p, spec.paramCount()));
            List<Double> losses = new ArrayList<>();
            List<Integer> evaluations = new ArrayList<>();
            new TrainingLoop(new TrainingLoop.Settings(100, batch, 5, 0, steps), source, step -> o.lr(), p)
                    .run(s, (r, st) -> {
                        losses.add(r.loss());
                        evaluations.add(((Lbfgs) st.optimizer).lastEvaluations());
                    });
            return new Run(s, losses, evaluations);
        }
    }

    static void assertSameBits(Run want, Run got, String what) {
        assertArrayEquals(
                DistributedEqualsLocalTest.bits(want.state().params),
                DistributedEqualsLocalTest.bits(got.state().params),
                what + ": parameters");
        assertEquals(want.state().optimizer.state(), got.state().optimizer.state(), what + ": L-BFGS state");
        assertEquals(want.losses(), got.losses(), what + ": losses");
        assertEquals(want.evaluations(), got.evaluations(), what + ": evaluations");
    }

    @Test
    void sparkGivesTheInProcessBitsForBothLineSearchesPrecisionsAndBatches() {
        int[] four = {7, 40, 1, 55};
        int[] two = {50, 53};
        String[] optimizers = {
            "lbfgs max_iter=6 history_size=4 line_search_fn=strong_wolfe", "lbfgs lr=0.5 max_iter=5 history_size=3"
        };
        for (String o : optimizers) {
            for (Precision p : Precision.values()) {
                // the whole training set per step (batch >= examples), and a batch of 40
                for (int batch : new int[] {DATA.n, 40}) {
                    int[] sizes = p == Precision.FLOAT64 ? four : two;
                    String what = o + ", " + p + ", batch " + batch + ", " + sizes.length + " partitions";
                    Run local = train(local(DATA, sizes, NET, p), NET, o, p, batch, 4);
                    Run onSpark = train(spark(DATA, sizes, NET, p), NET, o, p, batch, 4);
                    assertSameBits(local, onSpark, what);
                    assertTrue(local.evaluations().stream().anyMatch(e -> e > 1), what + ": evaluations " + local);
                    assertTrue(
                            local.state().optimizer.state().buffers().length > 2, what + ": the history holds pairs");
                }
            }
        }
    }

    @Test
    void eachEvaluationIsOneSparkJob() throws Exception {
        AtomicInteger jobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.incrementAndGet();
            }
        };
        GradientSource src = spark(DATA, new int[] {50, 53}, NET, Precision.FLOAT64);
        SparkTestContext.get().sc().addSparkListener(counter);
        Run r;
        try {
            r = train(src, NET, "lbfgs max_iter=5 line_search_fn=strong_wolfe", Precision.FLOAT64, DATA.n, 3);
            SparkTestContext.get().sc().listenerBus().waitUntilEmpty();
        } finally {
            SparkTestContext.get().sc().removeSparkListener(counter);
        }
        int evaluations = r.evaluations().stream().mapToInt(Integer::intValue).sum();
        assertTrue(evaluations > 3 * 5, "the searches evaluated more than once per iteration: " + r.evaluations());
        assertEquals(evaluations, jobs.get(), "one Spark job per evaluation, the step's first included");
    }

    /** y = Σx over 4 features; a dense network with MSE, whose loss overflows to +inf far from the start. */
    static final NetworkSpec REGRESSION =
            NetworkSpec.builder(Shape.of(4)).dense(6).relu().dense(1).build(LossKind.MSE);

    static ExampleBlock regression() {
        float[][] x = new float[60][4];
        float[][] y = new float[60][1];
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) Math.sin(1.7 * i + 0.9 * j);
                y[i][0] += x[i][j];
            }
        }
        return ExampleBlock.ofValues(x, y);
    }

    @Test
    void aTrialPointThatOverflowsIsNoDivergenceButANonFiniteAcceptedStepIs() {
        ExampleBlock data = regression();
        int[] sizes = {25, 35};
        // the first trial goes lr / ||g||_1 = 1e200 / ||g||_1 along -g: outputs near 1e400, a loss of +inf; every
        // trial the zoom makes stays beyond the double range, so after its 25 the search falls back to the start of
        // its bracket, t = 0, as PyTorch's does: a finite accepted step
        String wolfe = "lbfgs lr=1.0E200 max_iter=2 line_search_fn=strong_wolfe";
        Run local =
                train(local(data, sizes, REGRESSION, Precision.FLOAT64), REGRESSION, wolfe, Precision.FLOAT64, 60, 1);
        Run onSpark =
                train(spark(data, sizes, REGRESSION, Precision.FLOAT64), REGRESSION, wolfe, Precision.FLOAT64, 60, 1);
        assertSameBits(local, onSpark, "overflowing trials");
        assertEquals(List.of(27), local.evaluations(), "the first evaluation and 1 + 25 of the search");
        double[] start = Network.create(REGRESSION, Network.Options.of(Precision.FLOAT64, 1), 42)
                .parameters()
                .toDoubles();
        assertArrayEquals(start, local.state().params.toDoubles(), 0.0, "t = 0: the parameters stay where they were");
        // and the loss did overflow at a trial point of the first step: recompute it there
        try (GradientSource src = local(data, sizes, REGRESSION, Precision.FLOAT64)) {
            Network init = Network.create(REGRESSION, Network.Options.of(Precision.FLOAT64, 1), 42);
            var plan = new io.sparknn.engine.train.StepPlan(5, 0, 0, 0, 60, data.n);
            var t = src.compute(plan, init.parameters(), init.buffers());
            double l1 = Arrays.stream(t.gradientSum().toDoubles())
                    .map(v -> Math.abs(v / t.lossCount()))
                    .sum();
            io.sparknn.engine.Storage trial = init.parameters().copy();
            for (int i = 0; i < trial.length(); i++) {
                trial.set(i, trial.get(i) - 1e200 / l1 * t.gradientSum().get(i) / t.lossCount());
            }
            var at = src.compute(plan, trial, init.buffers());
            assertEquals(Double.POSITIVE_INFINITY, at.lossSum() / at.lossCount(), "the first trial overflows");
        }
        // without a search the same first step is taken: the parameters are no longer finite
        DivergedException e = assertThrows(
                DivergedException.class,
                () -> train(
                        local(data, sizes, REGRESSION, Precision.FLOAT64),
                        REGRESSION,
                        "lbfgs lr=1.0E200 max_iter=2",
                        Precision.FLOAT64,
                        60,
                        2));
        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }
}
