package io.sparknn.trainer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.eval.Evaluator;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.ShardComputation;
import io.sparknn.engine.train.StepPlan;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.StepTotals;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The right predictions of each step's batch (the train accuracy's count) on Spark equal those of
 * the in-process source over the same blocks, every step, and a count taken by hand from the
 * network's outputs on the step's batch.
 */
class TrainCountDistributedTest {
    private static final int[] UNEVEN = {7, 40, 1, 55};
    private static final int STEPS = 12;

    /** The steps' reports of a run of {@link DistributedEqualsLocalTest#SPEC} (dropout on: counted in the training pass). */
    private static List<StepReport> reports(GradientSource source, Precision p) {
        NetworkSpec spec = DistributedEqualsLocalTest.SPEC;
        Network init = Network.create(spec, Network.Options.of(p, 1), 42);
        TrainingState s = new TrainingState(
                init.parameters().copy(),
                init.buffers().copy(),
                DistributedEqualsLocalTest.ADAM.create(p, spec.paramCount()));
        List<StepReport> out = new ArrayList<>();
        new TrainingLoop(
                        new TrainingLoop.Settings(100, DistributedEqualsLocalTest.BATCH, 5, 0.5, STEPS),
                        source,
                        step -> DistributedEqualsLocalTest.ADAM.lr(),
                        p)
                .run(s, (r, st) -> out.add(r));
        return out;
    }

    private static List<Long> correct(List<StepReport> reports) {
        return reports.stream().map(StepReport::correct).toList();
    }

    @Test
    void sparkCountsWhatTheInProcessSourceCountsEveryStep() {
        for (Precision p : Precision.values()) {
            List<StepReport> local =
                    reports(DistributedEqualsLocalTest.local(UNEVEN, DistributedEqualsLocalTest.SPEC, p), p);
            List<StepReport> spark =
                    reports(DistributedEqualsLocalTest.spark(UNEVEN, DistributedEqualsLocalTest.SPEC, p), p);
            assertEquals(STEPS, local.size());
            assertEquals(correct(local), correct(spark), p.toString());
            for (int i = 0; i < STEPS; i++) {
                StepReport r = spark.get(i);
                assertTrue(r.hasAccuracy(), "softmax with labels has an accuracy");
                assertEquals(r.examples(), r.decisions(), "one decision per example");
                assertTrue(r.correct() >= 0 && r.correct() <= r.examples(), r.toString());
            }
            assertTrue(correct(local).stream().distinct().count() > 1, "the counts vary: " + correct(local));
        }
    }

    @Test
    void theFirstStepsCountIsTheNetworksRightArgmaxesOverItsBatchAlsoInGroupsOfPartitions() {
        // no dropout: the training pass gives the inference outputs, so the batch can be scored by hand
        NetworkSpec spec =
                NetworkSpec.builder(Shape.of(12)).dense(8).relu().dense(3).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Precision p = Precision.FLOAT64;
        Network net = Network.create(spec, Network.Options.of(p, 1), 42);
        StepPlan plan = new StepPlan(5, 0, 0, 0, DistributedEqualsLocalTest.BATCH, DistributedEqualsLocalTest.DATA.n);
        int[] rows = ShardComputation.rows("whole-" + getClass().getName(), DistributedEqualsLocalTest.DATA, plan);
        assertEquals(DistributedEqualsLocalTest.BATCH, rows.length);
        int w = DistributedEqualsLocalTest.DATA.width;
        Storage x = Storage.allocate(p, rows.length * w);
        for (int i = 0; i < rows.length; i++) {
            x.copyFrom(DistributedEqualsLocalTest.DATA.features, rows[i] * w, i * w, w);
        }
        Storage y = net.predict(x, rows.length);
        long expected = 0;
        for (int i = 0; i < rows.length; i++) {
            expected += Evaluator.argmax(y, 3 * i, 3) == DistributedEqualsLocalTest.DATA.labels[rows[i]] ? 1 : 0;
        }
        assertTrue(expected > 0 && expected < rows.length, "some right, some wrong: " + expected);
        int[] sizes = {20, 3, 30, 0, 25, 25};
        for (int depth : new int[] {1, 2}) {
            StepTotals t = DistributedEqualsLocalTest.spark(sizes, spec, p, depth)
                    .compute(plan, net.parameters(), net.buffers());
            assertEquals(expected, t.correct(), "aggregation depth " + depth);
            assertEquals(rows.length, t.lossCount());
        }
        StepTotals local =
                DistributedEqualsLocalTest.local(sizes, spec, p).compute(plan, net.parameters(), net.buffers());
        assertEquals(expected, local.correct(), "in process");
    }
}
