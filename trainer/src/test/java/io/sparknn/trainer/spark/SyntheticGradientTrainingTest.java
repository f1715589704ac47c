package io.sparknn.trainer.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Shape;
import io.sparknn.engine.layer.RecurrentSpec;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.SparkTestContext;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Stateful training with synthetic gradients against plain truncated BPTT on the streams of
 * {@link StatefulTrainingTest}: a synthesiser that cannot learn (weight 0) stays at zero and leaves
 * every other parameter bitwise as plain TBPTT's; one that learns leaves the first two steps as
 * plain TBPTT's (it predicts zero until its first update, which the second step makes) and changes
 * training from the third; on Spark the run equals the single-process one bit for bit.
 */
class SyntheticGradientTrainingTest {
    static final int EMBEDDING = StatefulTrainingTest.VOCAB * 3;
    static final int CELL = 4 * 4 * (3 + 4) + 2 * 4 * 4;
    /** A linear synthesiser of the LSTM's state (h, c) of 8. */
    static final int SG = 8 * 8 + 8;

    static NetworkSpec spec(double weight) {
        return NetworkSpec.builder(Shape.of(StatefulTrainingTest.WINDOW))
                .embedding(StatefulTrainingTest.VOCAB, 3)
                .add(new RecurrentSpec(true, 4, true, new RecurrentSpec.Synthetic(0, weight)))
                .dense(StatefulTrainingTest.VOCAB)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    static TrainingState fresh(NetworkSpec spec) {
        try (Network init = Network.create(spec, Network.Options.of(StatefulTrainingTest.F64, 1), 42)) {
            return new TrainingState(
                    init.parameters().copy(),
                    init.buffers().copy(),
                    StatefulTrainingTest.ADAM.create(StatefulTrainingTest.F64, spec.paramCount()));
        }
    }

    /**
     * The gradient norm clipped to: below the model's gradient norm in these steps, so every step
     * is clipped and a synthesiser's gradient clipped together with the model's would change the
     * model's step (at 1, as StatefulTrainingTest, the norms stay under it and nothing is clipped).
     */
    static final double CLIP = 0.05;

    /** The parameters after {@code steps} steps of 3 partitions, clipped at {@link #CLIP}. */
    static double[] train(NetworkSpec spec, long steps, boolean spark) {
        return train(spec, steps, 3, spark);
    }

    static double[] train(NetworkSpec spec, long steps, int partitions, boolean spark) {
        var parts = StatefulTrainingTest.ALL.split(partitions);
        try (StatefulGradientSource source = spark
                ? SparkStatefulGradientSource.spark(SparkTestContext.get(), parts, spec, StatefulTrainingTest.F64, 1)
                : StatefulGradientSource.inProcess(parts, spec, StatefulTrainingTest.F64, 1)) {
            TrainingState s = fresh(spec);
            new TrainingLoop(
                            new TrainingLoop.Settings(100, StatefulTrainingTest.STREAMS, 5, CLIP, steps),
                            source,
                            step -> StatefulTrainingTest.ADAM.lr(),
                            StatefulTrainingTest.F64)
                    .run(s, (r, st) -> {});
            return s.params.toDoubles();
        }
    }

    /** The parameters of every layer but the synthesiser's. */
    static double[] withoutSynthesiser(double[] p) {
        double[] out = new double[p.length - SG];
        System.arraycopy(p, 0, out, 0, EMBEDDING + CELL);
        System.arraycopy(p, EMBEDDING + CELL + SG, out, EMBEDDING + CELL, out.length - EMBEDDING - CELL);
        return out;
    }

    static double[] synthesiser(double[] p) {
        return Arrays.copyOfRange(p, EMBEDDING + CELL, EMBEDDING + CELL + SG);
    }

    @Test
    void aSynthesiserFrozenAtZeroIsBitwisePlainTruncatedBptt() {
        // 10 steps of 4 windows per epoch: two epoch resets, with clipping
        double[] plain = train(StatefulTrainingTest.SPEC, StatefulTrainingTest.STEPS, false);
        double[] frozen = train(spec(0), StatefulTrainingTest.STEPS, false);
        assertEquals(plain.length + SG, frozen.length);
        assertArrayEquals(plain, withoutSynthesiser(frozen), 0.0);
        assertTrue(Arrays.stream(synthesiser(frozen)).allMatch(v -> v == 0));
    }

    @Test
    void aLearningSynthesiserStartsAsPlainTruncatedBpttAndThenChangesTraining() {
        for (long steps = 1; steps <= 2; steps++) {
            double[] plain = train(StatefulTrainingTest.SPEC, steps, false);
            double[] learning = train(spec(1), steps, false);
            assertArrayEquals(plain, withoutSynthesiser(learning), 0.0, "step " + steps);
            // no target at an epoch's first window: the synthesiser moves at the second step only
            assertEquals(steps == 2, Arrays.stream(synthesiser(learning)).anyMatch(v -> v != 0), "step " + steps);
        }
        double[] plain = train(StatefulTrainingTest.SPEC, 3, false);
        double[] learning = train(spec(1), 3, false);
        assertFalse(Arrays.equals(plain, withoutSynthesiser(learning)), "its prediction enters the third step");
    }

    @Test
    void onSparkItEqualsTheSingleProcessRunBitwise() {
        // 6 steps on 2 partitions, 4 windows an epoch: it learns from the 2nd step, its prediction
        // enters from the 3rd, the 4th ends an epoch (no injection), the 5th starts one (no target)
        double[] local = train(spec(1), 6, 2, false);
        double[] spark = train(spec(1), 6, 2, true);
        assertArrayEquals(local, spark, 0.0);
        assertTrue(Arrays.stream(synthesiser(local)).anyMatch(v -> v != 0));
    }
}
