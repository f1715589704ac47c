package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.eval.Evaluator;
import io.sparknn.engine.eval.Metrics;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.LrSchedule;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.InProcessGradientSource;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.config.AggregationMode;
import io.sparknn.trainer.config.LrScaling;
import io.sparknn.trainer.config.StopMetric;
import io.sparknn.trainer.config.TrainingConfig;
import io.sparknn.trainer.data.EmbeddedData;
import io.sparknn.trainer.data.ParsedExamples;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Learning-rate scaling for large batches: the exact rate of each step through the warm-up and
 * after it, alone and under a schedule, and that a large batch with linear scaling and warm-up
 * learns about as well per epoch as a small batch.
 */
class LearningRateTest {
    static final LrSchedule CONSTANT = new LrSchedule.Constant();
    /** (1 + cos(π/4)) / 2 and (1 + cos(3π/4)) / 2: the cosine factor at a quarter and three quarters of T_max. */
    static final double QUARTER = 0.8535533905932737;

    static final double THREE_QUARTERS = 0.14644660940672624;

    static TrainingConfig training(int batch, LrScaling scaling, int baseBatch, int warmup) {
        return new TrainingConfig(
                batch,
                1,
                1,
                0,
                0,
                0,
                0,
                10,
                scaling,
                baseBatch,
                warmup,
                0,
                StopMetric.ACCURACY,
                AggregationMode.AUTO,
                0,
                io.sparknn.trainer.config.GradientWire.FLOAT32);
    }

    static void assertRates(LongToDoubleFunction lr, long[] steps, double[] expected) {
        for (int i = 0; i < steps.length; i++) {
            assertEquals(expected[i], lr.applyAsDouble(steps[i]), 1e-15, "step " + steps[i]);
        }
    }

    @Test
    void linearScalingRampsFromTheBaseRateAtStep0ToKTimesItAtTheEndOfTheWarmup() {
        // η 0.1, batch 1024 over base 256: k = 4, scaled 0.4; 8 warm-up steps add 0.3 / 8 per step
        LongToDoubleFunction lr = LearningRate.of(0.1, training(1024, LrScaling.LINEAR, 256, 8), CONSTANT);
        assertRates(lr, new long[] {0, 1, 4, 7, 8, 9, 1000}, new double[] {0.1, 0.1375, 0.25, 0.3625, 0.4, 0.4, 0.4});
    }

    @Test
    void sqrtScalingRampsToTheRootOfK() {
        // √4 = 2: scaled 0.2, 0.1 / 8 per warm-up step
        LongToDoubleFunction lr = LearningRate.of(0.1, training(1024, LrScaling.SQRT, 256, 8), CONSTANT);
        assertRates(lr, new long[] {0, 4, 7, 8, 50}, new double[] {0.1, 0.15, 0.1875, 0.2, 0.2});
    }

    @Test
    void aScheduleCountsFromTheFirstStepWithTheRampedRateAsItsBase() {
        LrSchedule cosine = new LrSchedule.Cosine(16, 0);
        // linear: peak 0.1, 0.25, 0.4, 0.4, 0.4 at steps 0, 4, 8, 12, 16, times the cosine factor of the same step
        assertRates(
                LearningRate.of(0.1, training(1024, LrScaling.LINEAR, 256, 8), cosine),
                new long[] {0, 4, 8, 12, 16},
                new double[] {0.1, 0.25 * QUARTER, 0.2, 0.4 * THREE_QUARTERS, 0});
        // sqrt: peak 0.1, 0.15, 0.2
        assertRates(
                LearningRate.of(0.1, training(1024, LrScaling.SQRT, 256, 8), cosine),
                new long[] {0, 4, 8, 12},
                new double[] {0.1, 0.15 * QUARTER, 0.1, 0.2 * THREE_QUARTERS});
        // eta_min 0.01: the peak replaces the base inside the cosine, η_min + (peak − η_min)·factor
        assertRates(
                LearningRate.of(0.1, training(1024, LrScaling.LINEAR, 256, 8), new LrSchedule.Cosine(16, 0.01)),
                new long[] {4, 12},
                new double[] {0.01 + 0.24 * QUARTER, 0.01 + 0.39 * THREE_QUARTERS});
    }

    @Test
    void oneWarmupStepStillStartsAtTheBaseRateAndNoScalingMeansNoRamp() {
        assertRates(
                LearningRate.of(0.1, training(1024, LrScaling.LINEAR, 256, 1), CONSTANT),
                new long[] {0, 1},
                new double[] {0.1, 0.4});
        assertRates(
                LearningRate.of(0.1, training(1024, LrScaling.LINEAR, 256, 0), CONSTANT),
                new long[] {0, 1},
                new double[] {0.4, 0.4});
        assertRates(
                LearningRate.of(0.1, training(1024, LrScaling.NONE, 256, 8), CONSTANT),
                new long[] {0, 4, 8},
                new double[] {0.1, 0.1, 0.1});
        // a batch below base_batch scales down: 64 / 256 = 1/4
        assertRates(
                LearningRate.of(0.1, training(64, LrScaling.LINEAR, 256, 0), CONSTANT),
                new long[] {0},
                new double[] {0.025});
    }

    // ---- convergence on the built-in digits, in-process (no Spark): 1,437 training and 360 held-out rows

    static final NetworkSpec MLP =
            NetworkSpec.builder(Shape.of(64)).dense(32).relu().dense(10).build(LossKind.SOFTMAX_CROSS_ENTROPY);
    static final OptimizerSpec SGD = OptimizerSpec.defaults(OptimizerSpec.Kind.SGD);
    static final int BASE_BATCH = 32;
    static final double BASE_LR = 0.1;
    static final int EPOCHS = 8;

    static ExampleBlock digits() throws Exception {
        ParsedExamples d = EmbeddedData.digits();
        float[] x = d.features.clone();
        for (int i = 0; i < x.length; i++) {
            x[i] /= 16;
        }
        long[] ids = new long[d.n];
        for (int i = 0; i < d.n; i++) {
            ids[i] = i;
        }
        return ExampleBlock.classification(d.width, x, ids, d.labels);
    }

    /** Held-out metrics after {@link #EPOCHS} epochs at this batch size and rate schedule. */
    static Metrics train(ExampleBlock train, ExampleBlock valid, TrainingConfig t) {
        Precision p = Precision.FLOAT32;
        try (Network net = Network.create(MLP, Network.Options.of(p, 1), 7);
                InProcessGradientSource source = new InProcessGradientSource(List.of(train), MLP, p, 1)) {
            TrainingState s =
                    new TrainingState(net.parameters().copy(), net.buffers().copy(), SGD.create(p, MLP.paramCount()));
            new TrainingLoop(
                            new TrainingLoop.Settings(EPOCHS, t.batchSize(), 3, 0, 0),
                            source,
                            LearningRate.of(BASE_LR, t, CONSTANT),
                            p)
                    .run(s, (r, st) -> {});
            net.setParameters(s.params.toDoubles());
            return new Metrics(Evaluator.score(net, valid), List.of());
        }
    }

    @Test
    void aLargeBatchWithLinearScalingAndWarmupLearnsAsMuchPerEpochAsASmallOne() throws Exception {
        ExampleBlock all = digits();
        ExampleBlock train = all.slice(0, 1437);
        ExampleBlock valid = all.slice(1437, 360);
        // 45 steps of 32 per epoch, against 6 of 256 (k = 8, rate 0.8 reached after one epoch)
        Metrics small = train(train, valid, training(BASE_BATCH, LrScaling.NONE, BASE_BATCH, 0));
        Metrics scaled = train(train, valid, training(256, LrScaling.LINEAR, BASE_BATCH, 6));
        Metrics unscaled = train(train, valid, training(256, LrScaling.NONE, BASE_BATCH, 0));
        String all3 = "small " + small.summary() + ", large scaled " + scaled.summary() + ", large unscaled "
                + unscaled.summary();
        assertTrue(small.accuracy() > 0.85, all3);
        assertTrue(scaled.accuracy() >= small.accuracy() - 0.03, all3);
        assertTrue(scaled.loss() <= small.loss() * 1.3, all3);
        // without scaling the same epochs make 8 times less progress
        assertTrue(unscaled.accuracy() < scaled.accuracy() - 0.1, all3);
        // measured: accuracy 0.872 (small), 0.869 (large, scaled), 0.675 (large, unscaled)
    }
}
