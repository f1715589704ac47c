package io.sparknn.trainer.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Batch;
import io.sparknn.engine.LossResult;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.engine.train.Streams;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.SparkTestContext;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Stateful truncated BPTT: the trainer's stateful source against a plain engine loop written out
 * here (window t of every stream at step t, the state carried from window to window and zeroed at
 * each epoch start), and on Spark against the single-process run of the same streams: the state
 * travels driver → broadcast → task → result → driver, so any slip (wrong rows, a stale state, a
 * missing reset) changes the weights.
 */
class StatefulTrainingTest {
    static final int VOCAB = 6;
    static final int WINDOW = 5;
    static final int STREAMS = 7;
    static final int STEPS = 10;
    static final Precision F64 = Precision.FLOAT64;
    static final NetworkSpec SPEC = NetworkSpec.builder(Shape.of(WINDOW))
            .embedding(VOCAB, 3)
            .lstm(4, true)
            .dense(VOCAB)
            .build(LossKind.SOFTMAX_CROSS_ENTROPY);
    static final OptimizerSpec ADAM =
            OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM).withLr(0.02);
    /** 7 streams of 4 windows: 10 steps cross two epoch ends (state resets). */
    static final Streams ALL = Streams.of(text(STREAMS * 4 * WINDOW + 3), STREAMS, WINDOW);

    /** A learnable stream: mostly the previous id + 1, sometimes a jump. */
    static int[] text(int n) {
        SplittableRandom r = new SplittableRandom(17);
        int[] t = new int[n];
        for (int i = 1; i < n; i++) {
            t[i] = r.nextInt(5) == 0 ? r.nextInt(VOCAB) : (t[i - 1] + 1) % VOCAB;
        }
        return t;
    }

    static TrainingState fresh() {
        Network init = Network.create(SPEC, Network.Options.of(F64, 1), 42);
        return new TrainingState(init.parameters().copy(), init.buffers().copy(), ADAM.create(F64, SPEC.paramCount()));
    }

    static void run(StatefulGradientSource source, TrainingState s, long maxSteps) {
        new TrainingLoop(new TrainingLoop.Settings(100, STREAMS, 5, 1.0, maxSteps), source, step -> ADAM.lr(), F64)
                .run(s, (r, st) -> {});
    }

    static double[] train(StatefulGradientSource source) {
        try (source) {
            TrainingState s = fresh();
            run(source, s, STEPS);
            return s.params.toDoubles();
        }
    }

    static StatefulGradientSource spark(int parts) {
        return SparkStatefulGradientSource.spark(SparkTestContext.get(), ALL.split(parts), SPEC, F64, 1);
    }

    @Test
    void sparkWithOneOrThreePartitionsEqualsTheSingleProcessRunOfTheSameStreams() {
        double[] local = train(StatefulGradientSource.inProcess(ALL.split(1), SPEC, F64, 1));
        double[] one = train(spark(1));
        double[] three = train(spark(3));
        double[] threeAgain = train(spark(3));
        double[] localThree = train(StatefulGradientSource.inProcess(ALL.split(3), SPEC, F64, 1));
        double[] moreParts = train(StatefulGradientSource.inProcess(ALL.split(STREAMS + 2), SPEC, F64, 1));
        assertTrue(
                DistributedEqualsLocalTest.relativeDistance(moreParts, local) <= 1e-12, "more partitions than streams");
        double[] initial = fresh().params.toDoubles();
        assertTrue(DistributedEqualsLocalTest.relativeDistance(local, initial) > 1e-2);
        assertArrayEquals(local, one, 0.0, "1 partition on Spark vs local");
        assertTrue(
                DistributedEqualsLocalTest.relativeDistance(three, local) <= 1e-12,
                "3 partitions vs local: " + DistributedEqualsLocalTest.relativeDistance(three, local));
        assertArrayEquals(three, threeAgain, 0.0, "same partitioning twice");
        assertArrayEquals(localThree, three, 0.0, "same partitioning locally and on Spark");
    }

    static final double SGD_LR = 0.5;

    /**
     * The reference, without the trainer: plain SGD on the mean gradient of window {@code step % 4}
     * of every stream, from the state the previous window left (zeroed at each epoch start when
     * {@code reset}, never carried when {@code carry} is false).
     */
    static double[] reference(int steps, boolean carry, boolean reset) {
        try (Network net = Network.create(SPEC, Network.Options.of(F64, 1), 42)) {
            double[] p = net.parameters().toDoubles();
            Storage state = Storage.allocate(F64, STREAMS * net.stateSize());
            float[] ids = new float[STREAMS * WINDOW];
            for (int step = 0; step < steps; step++) {
                int w = step % ALL.windows();
                if (!carry || (reset && w == 0)) {
                    state.zero(0, state.length());
                }
                ALL.inputs(w, ids);
                Storage x = Storage.allocate(F64, ids.length);
                x.copyFrom(ids, 0, 0, ids.length);
                net.setParameters(p);
                LossResult loss = net.computeGradients(Batch.of(x, STREAMS, Targets.labels(ALL.labels(w))), state);
                double[] g = net.gradients().toDoubles();
                double inverse = 1.0 / loss.count();
                for (int i = 0; i < p.length; i++) {
                    p[i] -= SGD_LR * (g[i] * inverse);
                }
            }
            return p;
        }
    }

    @Test
    void theStatefulSourceEqualsAPlainLoopThatCarriesTheStateAndResetsItAtEachEpoch() {
        OptimizerSpec sgd = OptimizerSpec.defaults(OptimizerSpec.Kind.SGD).withLr(SGD_LR);
        double[] trained;
        try (StatefulGradientSource src = StatefulGradientSource.inProcess(ALL.split(3), SPEC, F64, 1)) {
            Network init = Network.create(SPEC, Network.Options.of(F64, 1), 42);
            TrainingState s = new TrainingState(
                    init.parameters().copy(), init.buffers().copy(), sgd.create(F64, SPEC.paramCount()));
            init.close();
            // 10 steps of 4 windows: epochs start at steps 0, 4 and 8
            new TrainingLoop(new TrainingLoop.Settings(100, STREAMS, 5, 0, STEPS), src, step -> SGD_LR, F64)
                    .run(s, (r, st) -> {});
            trained = s.params.toDoubles();
        }
        double[] reference = reference(STEPS, true, true);
        double moved = DistributedEqualsLocalTest.relativeDistance(
                reference, fresh().params.toDoubles());
        assertTrue(moved > 1e-2, "the weights moved: " + moved);
        assertTrue(
                DistributedEqualsLocalTest.relativeDistance(trained, reference) <= 1e-13,
                "stateful source vs plain loop: " + DistributedEqualsLocalTest.relativeDistance(trained, reference));
        // what the comparison can tell apart: a missing reset, and a state that is not carried
        assertTrue(DistributedEqualsLocalTest.relativeDistance(reference(STEPS, true, false), reference) > 1e-6);
        assertTrue(DistributedEqualsLocalTest.relativeDistance(reference(STEPS, false, false), reference) > 1e-6);
    }

    @Test
    void everyStreamCarriesAStateAfterItsFirstWindow() {
        try (StatefulGradientSource src = StatefulGradientSource.inProcess(ALL.split(1), SPEC, F64, 1)) {
            TrainingState s = fresh();
            run(src, s, 1);
            double[] afterOne = src.state();
            assertEquals(STREAMS * 8, afterOne.length);
            assertTrue(
                    Arrays.stream(afterOne).allMatch(v -> v != 0),
                    "every stream carries a state after its first window");
        }
    }

    @Test
    void resumingFromTheSavedStateOnANewSourceIsBitwiseTheStraightRun() {
        double[] straight = train(spark(3));
        TrainingState s = fresh();
        double[] saved;
        try (StatefulGradientSource first = spark(3)) {
            run(first, s, 6); // stops inside the second epoch: the state is not zero
            saved = first.state();
        }
        assertTrue(Arrays.stream(saved).anyMatch(v -> v != 0));
        SparkTestContext.restart(); // a new driver, as after a crash
        try (StatefulGradientSource second = spark(3)) {
            second.restoreState(saved);
            run(second, s, STEPS);
        }
        assertArrayEquals(straight, s.params.toDoubles(), 0.0);
    }
}
