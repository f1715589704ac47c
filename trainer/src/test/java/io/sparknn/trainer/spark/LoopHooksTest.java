package io.sparknn.trainer.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.GradientSum;
import io.sparknn.engine.train.InProcessGradientSource;
import io.sparknn.engine.train.ShardFunction;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.engine.train.StepObjective;
import io.sparknn.engine.train.StepTotals;
import io.sparknn.engine.train.StreamCarry;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.engine.train.Weights;
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
 * What the next optimizers need from the loop, each plugged in from here without touching it: an
 * update that evaluates the batch again at weights it chooses (a line search), one that runs its
 * own per-shard computation with a vector (a curvature-vector product), a per-shard statistic
 * computed in the gradient's own Spark job, values carried per stream in stateful training, and
 * another aggregation strategy. Each runs in process and on Spark with the same partitioning, and
 * the two must give the same bits.
 */
class LoopHooksTest {
    static final NetworkSpec SPEC = DistributedEqualsLocalTest.SPEC;
    static final ExampleBlock DATA = DistributedEqualsLocalTest.DATA;
    static final int[] SIZES = {40, 30, 33};
    static final Precision F64 = Precision.FLOAT64;
    static final int STEPS = 6;

    static GradientSource inProcess() {
        return new InProcessGradientSource(ExampleBlock.split(DATA, SIZES), SPEC, F64, 1);
    }

    static GradientSource spark(Aggregation aggregation) {
        return spark(aggregation, SIZES);
    }

    static GradientSource spark(Aggregation aggregation, int[] sizes) {
        JavaRDD<ExampleBlock> rdd =
                TrainingData.cache(SparkTestContext.get(), ExampleBlock.split(DATA, sizes), StorageLevel.MEMORY_ONLY());
        return new SparkGradientSource(SparkTestContext.get(), rdd, DATA.n, SPEC, F64, 1).aggregatedBy(aggregation);
    }

    static TrainingState fresh() {
        try (Network init = Network.create(SPEC, Network.Options.of(F64, 1), 42)) {
            return new TrainingState(
                    init.parameters().copy(),
                    init.buffers().copy(),
                    DistributedEqualsLocalTest.ADAM.create(F64, SPEC.paramCount()));
        }
    }

    static TrainingState run(GradientSource source, TrainingLoop.Update update) {
        return run(source, update, 0.5);
    }

    static TrainingState run(GradientSource source, TrainingLoop.Update update, double lr) {
        try (source) {
            TrainingState s = fresh();
            new TrainingLoop(new TrainingLoop.Settings(10, 24, 5, 0, STEPS), source, step -> lr, F64, update)
                    .run(s, (r, st) -> {});
            return s;
        }
    }

    /** x + a·v, a new storage. */
    static Storage plus(Storage x, double a, Storage v) {
        Storage out = x.copy();
        for (int i = 0; i < out.length(); i++) {
            out.set(i, x.get(i) + a * v.get(i));
        }
        return out;
    }

    /** Backtracking (Armijo) line search along −g: every trial is one more evaluation of the step's batch. */
    static final class LineSearch implements TrainingLoop.Update {
        final List<double[]> trials = new ArrayList<>();
        final List<Double> trialLosses = new ArrayList<>();
        final List<Double> startLosses = new ArrayList<>();
        final List<Double> accepted = new ArrayList<>();

        @Override
        public void apply(TrainingState s, StepObjective step) {
            Storage g = step.meanGradient();
            double g2 = 0;
            for (int i = 0; i < g.length(); i++) {
                g2 += g.get(i) * g.get(i);
            }
            double t = step.lr();
            Storage trial = s.params.copy();
            for (int tries = 0; tries < 20; tries++) {
                trial = plus(s.params, -t, g);
                double loss = step.at(trial).loss();
                trials.add(trial.toDoubles());
                trialLosses.add(loss);
                if (loss <= step.loss() - 1e-4 * t * g2) {
                    break;
                }
                t /= 2;
            }
            startLosses.add(step.loss());
            accepted.add(trialLosses.get(trialLosses.size() - 1));
            s.params.copyFrom(trial.toDoubles(), 0, 0, trial.length());
        }
    }

    @Test
    void aLineSearchEvaluatesTheStepsBatchAtTheWeightsItChooses() {
        LineSearch local = new LineSearch();
        LineSearch onSpark = new LineSearch();
        // a first trial rate this large overshoots: the search halves it until the loss falls enough
        TrainingState a = run(inProcess(), local, 40);
        TrainingState b = run(spark(Aggregation.IN_PARTITION_ORDER), onSpark, 40);
        assertArrayEquals(a.params.toDoubles(), b.params.toDoubles(), "Spark gives the in-process bits");
        assertEquals(local.trialLosses, onSpark.trialLosses);
        assertTrue(local.trials.size() > STEPS, "some step needed more than one trial: " + local.trials.size());
        // each trial loss is the step's batch at those weights: recompute the first step's trials on a fresh source
        try (GradientSource check = inProcess()) {
            TrainingState s = fresh();
            io.sparknn.engine.train.StepPlan first = new io.sparknn.engine.train.StepPlan(5, 0, 0, 0, 24, DATA.n);
            int i = 0;
            do { // the first step's trials, up to the one it accepted
                var t = check.compute(first, Storage.of(F64, local.trials.get(i)), s.buffers);
                assertEquals(local.trialLosses.get(i), t.lossSum() / t.lossCount(), 0.0);
            } while (!(local.trialLosses.get(i++) < local.startLosses.get(0)));
        }
        // and every step accepted a decrease of its batch's loss
        assertEquals(STEPS, local.accepted.size());
        for (int step = 0; step < STEPS; step++) {
            assertTrue(local.accepted.get(step) < local.startLosses.get(step), "step " + step);
        }
    }

    /** Σ over a shard's examples of its gradient sum at the weights loaded: what a Hessian-vector product differences. */
    static final ShardFunction GRADIENT_SUM = (net, batch) -> {
        net.computeGradients(batch);
        return net.gradients().toDoubles();
    };

    /** A finite-difference Hessian-vector product Hv ≈ (Σg(θ + εv) − Σg(θ)) / (ε·n) with v the step's gradient. */
    static final class HessianVector implements TrainingLoop.Update {
        final List<double[]> products = new ArrayList<>();

        @Override
        public void apply(TrainingState s, StepObjective step) {
            Storage shifted = plus(s.params, 1e-6, step.meanGradient());
            double[] plus = step.shardSum(shifted, GRADIENT_SUM);
            double[] here = step.shardSum(s.params, GRADIENT_SUM);
            double[] hv = new double[plus.length];
            for (int i = 0; i < hv.length; i++) {
                hv[i] = (plus[i] - here[i]) / (1e-6 * step.totals().lossCount());
            }
            products.add(hv);
            TrainingLoop.Update.OPTIMIZER.apply(s, step);
        }
    }

    @Test
    void anUpdateRunsItsOwnPerShardComputationSummedInPartitionOrder() {
        HessianVector local = new HessianVector();
        HessianVector onSpark = new HessianVector();
        TrainingState a = run(inProcess(), local);
        TrainingState b = run(spark(Aggregation.IN_PARTITION_ORDER), onSpark);
        assertArrayEquals(a.params.toDoubles(), b.params.toDoubles());
        for (int i = 0; i < STEPS; i++) {
            assertArrayEquals(local.products.get(i), onSpark.products.get(i), "step " + i);
        }
        // the shard sum is the gradient sum the loop itself computes for the batch, in the same order
        try (GradientSource src = inProcess()) {
            TrainingState s = fresh();
            io.sparknn.engine.train.StepPlan first = new io.sparknn.engine.train.StepPlan(5, 0, 0, 0, 24, DATA.n);
            double[] viaFunction = src.compute(
                            first, s.params, s.buffers, io.sparknn.engine.train.ShardWork.only(GRADIENT_SUM))
                    .functionSum();
            double[] viaGradient =
                    src.compute(first, s.params, s.buffers).gradientSum().toDoubles();
            assertArrayEquals(viaGradient, viaFunction);
        }
        double norm =
                Math.sqrt(Arrays.stream(local.products.get(0)).map(v -> v * v).sum());
        assertTrue(norm > 0 && Double.isFinite(norm), "a curvature product: " + norm);
    }

    /** K-FAC's input factor of the first layer, Σ x xᵀ over the shard's examples. */
    static final ShardFunction INPUT_SECOND_MOMENT = (net, batch) -> {
        int w = batch.x().length() / batch.n();
        double[] a = new double[w * w];
        for (int i = 0; i < batch.n(); i++) {
            for (int r = 0; r < w; r++) {
                for (int c = 0; c < w; c++) {
                    a[r * w + c] += batch.x().get(i * w + r) * batch.x().get(i * w + c);
                }
            }
        }
        return a;
    };

    /** Records every step's statistic and applies the optimizer. */
    static final class WithStatistic implements TrainingLoop.Update {
        final List<double[]> statistics = new ArrayList<>();

        @Override
        public ShardFunction statistic() {
            return INPUT_SECOND_MOMENT;
        }

        @Override
        public void apply(TrainingState s, StepObjective step) {
            statistics.add(step.totals().functionSum());
            TrainingLoop.Update.OPTIMIZER.apply(s, step);
        }
    }

    @Test
    void aPerShardStatisticComesWithTheGradientInTheSameSparkJob() throws Exception {
        WithStatistic local = new WithStatistic();
        WithStatistic onSpark = new WithStatistic();
        TrainingState a = run(inProcess(), local);
        AtomicInteger jobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.incrementAndGet();
            }
        };
        GradientSource src = spark(Aggregation.IN_PARTITION_ORDER);
        SparkTestContext.get().sc().addSparkListener(counter);
        TrainingState b;
        try {
            b = run(src, onSpark);
            SparkTestContext.get().sc().listenerBus().waitUntilEmpty();
        } finally {
            SparkTestContext.get().sc().removeSparkListener(counter);
        }
        assertEquals(STEPS, jobs.get(), "one Spark job per step, statistic included");
        assertArrayEquals(a.params.toDoubles(), b.params.toDoubles());
        TrainingState plain = run(inProcess(), TrainingLoop.Update.OPTIMIZER);
        assertArrayEquals(plain.params.toDoubles(), a.params.toDoubles(), "the statistic changes nothing else");
        for (int i = 0; i < STEPS; i++) {
            assertArrayEquals(local.statistics.get(i), onSpark.statistics.get(i), "step " + i);
        }
        // step 0's statistic is Σ x xᵀ over its 24 examples: the same sum in another order agrees to rounding
        io.sparknn.engine.train.StepPlan first = new io.sparknn.engine.train.StepPlan(5, 0, 0, 0, 24, DATA.n);
        io.sparknn.engine.train.EpochPermutation perm = new io.sparknn.engine.train.EpochPermutation(DATA.n, 5, 0);
        double[] expected = new double[12 * 12];
        for (int row = 0; row < DATA.n; row++) {
            long pos = perm.position(DATA.ids[row]);
            if (pos >= first.firstPosition() && pos < first.endPosition()) {
                for (int r = 0; r < 12; r++) {
                    for (int c = 0; c < 12; c++) {
                        expected[r * 12 + c] += (double) DATA.features[row * 12 + r] * DATA.features[row * 12 + c];
                    }
                }
            }
        }
        assertArrayEquals(expected, local.statistics.get(0), 1e-9);
    }

    /** Carries per stream the number of windows seen this epoch and the sum of its final states' first values. */
    static final StreamCarry COUNTING = new StreamCarry() {
        @Override
        public int width() {
            return 2;
        }

        @Override
        public double[] next(Network net, Batch window, Storage state, double[] carried) {
            double[] out = carried.clone();
            int per = state.length() / window.n();
            for (int i = 0; i < window.n(); i++) {
                out[2 * i] += 1;
                out[2 * i + 1] += state.get(i * per);
            }
            return out;
        }
    };

    @Test
    void valuesOfItsOwnAreCarriedPerStreamFromStepToStep() {
        var streams = StatefulTrainingTest.ALL.split(3);
        int n = StatefulTrainingTest.ALL.count();
        double[] local;
        double[] onSpark;
        double[] afterThree;
        try (StatefulGradientSource src =
                StatefulGradientSource.inProcess(streams, StatefulTrainingTest.SPEC, F64, 1, COUNTING)) {
            TrainingState s = StatefulTrainingTest.fresh();
            StatefulTrainingTest.run(src, s, 3);
            afterThree = src.state();
            StatefulTrainingTest.run(src, s, 6); // crosses the epoch end after 4 windows: counts restart
            local = src.state();
        }
        int stateSize = afterThree.length / n - 2;
        for (int i = 0; i < n; i++) {
            assertEquals(3.0, afterThree[n * stateSize + 2 * i], "stream " + i + " after 3 windows");
            assertEquals(2.0, local[n * stateSize + 2 * i], "stream " + i + " after 2 windows of the second epoch");
        }
        try (StatefulGradientSource src = SparkStatefulGradientSource.spark(
                SparkTestContext.get(), streams, StatefulTrainingTest.SPEC, F64, 1, COUNTING)) {
            TrainingState s = StatefulTrainingTest.fresh();
            StatefulTrainingTest.run(src, s, 6);
            onSpark = src.state();
        }
        assertArrayEquals(local, onSpark, "the carried values travel with their streams only, to the same bits");
        // a checkpoint holds them: restored into a new source, the run continues as if never stopped
        try (StatefulGradientSource first =
                        StatefulGradientSource.inProcess(streams, StatefulTrainingTest.SPEC, F64, 1, COUNTING);
                StatefulGradientSource second =
                        StatefulGradientSource.inProcess(streams, StatefulTrainingTest.SPEC, F64, 1, COUNTING)) {
            TrainingState s = StatefulTrainingTest.fresh();
            StatefulTrainingTest.run(first, s, 3);
            second.restoreState(first.state());
            StatefulTrainingTest.run(second, s, 6);
            assertArrayEquals(local, second.state());
            assertThrows(
                    io.sparknn.engine.train.TrainingException.class,
                    () -> second.restoreState(Arrays.copyOf(local, local.length - 2)));
        }
    }

    /** Another strategy: gather every partition's result first, then add them from the last partition down. */
    static final class GatherThenAdd implements Aggregation {
        @Override
        public StepTotals totals(SparkStep<Weights> step, JavaRDD<ExampleBlock> data, Shard shard, Sizes sizes) {
            GradientSum sum = sizes.sum(data.getNumPartitions());
            var all = step.collect(data, shard.plan().describe(), shard::compute);
            for (int p = all.size() - 1; p >= 0; p--) {
                sum.accept(p, all.get(p));
            }
            return sum.totals();
        }
    }

    @Test
    void anotherAggregationStrategyPlugsInBehindOneInterface() {
        int[] four = {30, 25, 25, 23};
        TrainingState direct = run(spark(Aggregation.IN_PARTITION_ORDER, four), TrainingLoop.Update.OPTIMIZER);
        TrainingState gathered = run(spark(new GatherThenAdd(), four), TrainingLoop.Update.OPTIMIZER);
        TrainingState grouped = run(spark(new Aggregation.Grouped(2), four), TrainingLoop.Update.OPTIMIZER);
        assertArrayEquals(direct.params.toDoubles(), gathered.params.toDoubles());
        assertNotEquals(
                Arrays.toString(direct.params.toDoubles()),
                Arrays.toString(grouped.params.toDoubles()),
                "groups of two add (p0 + p1) + (p2 + p3), another order than ((p0 + p1) + p2) + p3: the bits differ");
        assertArrayEquals(direct.params.toDoubles(), grouped.params.toDoubles(), 1e-12);
    }
}
