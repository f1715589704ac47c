package io.sparknn.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.eval.EvaluationSums;
import io.sparknn.engine.eval.Evaluator;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import io.sparknn.engine.train.ExampleBlock;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The right predictions {@link Network#computeGradients} counts in its forward pass: what
 * evaluation counts on the same outputs (networks without dropout or batch norm, whose training
 * pass is their inference pass), whatever the number of threads the batch is cut across, per
 * token for per-time-step outputs; and the loss and gradients are the same bits as without it.
 */
class NetworkCorrectCountTest {
    private static final Precision F32 = Precision.FLOAT32;
    private static final int N = 23;
    private static final int FEATURES = 5;

    private static float[][] features(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[N][FEATURES];
        for (float[] row : x) {
            for (int j = 0; j < FEATURES; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return x;
    }

    private static Storage flat(float[][] rows) {
        Storage s = Storage.allocate(F32, rows.length * rows[0].length);
        for (int i = 0; i < rows.length; i++) {
            s.copyFrom(rows[i], 0, i * rows[i].length, rows[i].length);
        }
        return s;
    }

    @Test
    void softmaxCountIsEvaluationsDiagonalOnAnyNumberOfThreads() {
        NetworkSpec spec =
                NetworkSpec.builder(Shape.of(FEATURES)).dense(6).tanh().dense(4).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        float[][] x = features(3);
        int[] labels = new SplittableRandom(4).ints(N, 0, 4).toArray();
        ExampleBlock block = ExampleBlock.ofLabels(x, labels);
        long evaluation;
        try (Network net = Network.create(spec, Network.Options.of(F32, 1), 9)) {
            EvaluationSums s = Evaluator.score(net, block);
            evaluation = 0;
            for (int c = 0; c < 4; c++) {
                evaluation += s.confusion[c * 4 + c];
            }
        }
        assertTrue(
                evaluation > 0 && evaluation < N,
                "some right and some wrong, or the count shows little: " + evaluation);
        for (int threads : new int[] {1, 3, 4}) {
            try (Network net = Network.create(spec, Network.Options.of(F32, threads), 9)) {
                LossResult r = net.computeGradients(Batch.of(flat(x), N, Targets.labels(labels)));
                assertEquals(evaluation, r.correct(), threads + " threads");
                assertEquals(N, r.count());
            }
        }
    }

    @Test
    void binaryCountIsEvaluationsRightDecisionsWithTargetsOfOneHalf() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(FEATURES)).dense(3).build(LossKind.BCE_WITH_LOGITS);
        float[][] x = features(5);
        SplittableRandom r = new SplittableRandom(6);
        float[][] t = new float[N][3];
        float[] choices = {0, 0.5f, 1, 0.25f, 0.75f};
        for (float[] row : t) {
            for (int j = 0; j < 3; j++) {
                row[j] = choices[r.nextInt(choices.length)];
            }
        }
        ExampleBlock block = ExampleBlock.ofValues(x, t);
        long evaluation = 0;
        try (Network net = Network.create(spec, Network.Options.of(F32, 1), 2)) {
            EvaluationSums s = Evaluator.score(net, block);
            for (int j = 0; j < 3; j++) {
                evaluation += s.binary[4 * j] + s.binary[4 * j + 3];
            }
        }
        assertTrue(evaluation > 0 && evaluation < 3 * N, "some right and some wrong: " + evaluation);
        Storage targets = Storage.allocate(F32, 3 * N);
        for (int i = 0; i < N; i++) {
            targets.copyFrom(t[i], 0, 3 * i, 3);
        }
        for (int threads : new int[] {1, 3}) {
            try (Network net = Network.create(spec, Network.Options.of(F32, threads), 2)) {
                LossResult res = net.computeGradients(Batch.of(flat(x), N, Targets.values(targets, 3)));
                assertEquals(evaluation, res.correct(), threads + " threads");
                assertEquals(3 * N, res.count(), "one decision per value");
            }
        }
    }

    @Test
    void perTimeStepOutputsCountEveryTokenWithCarriedState() {
        int vocab = 5;
        int steps = 4;
        int n = 6;
        NetworkSpec spec = NetworkSpec.builder(Shape.of(steps))
                .embedding(vocab, 3)
                .lstm(4, true)
                .dense(vocab)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        SplittableRandom r = new SplittableRandom(8);
        double[] ids = new double[n * steps];
        int[] next = new int[n * steps];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(vocab);
            next[i] = r.nextInt(vocab);
        }
        try (Network net = Network.create(spec, Network.Options.of(Precision.FLOAT64, 2), 1)) {
            Storage state = Storage.allocate(Precision.FLOAT64, n * net.stateSize());
            for (int i = 0; i < state.length(); i++) {
                state.set(i, 0.5 * Math.sin(i));
            }
            Storage predictState = state.copy();
            Storage y = net.predict(Storage.of(Precision.FLOAT64, ids), n, predictState);
            long tokens = (long) n * steps;
            long expected = 0;
            for (int row = 0; row < tokens; row++) {
                expected += Evaluator.argmax(y, row * vocab, vocab) == next[row] ? 1 : 0;
            }
            assertTrue(expected > 0 && expected < tokens, "some tokens right and some wrong: " + expected);
            LossResult res =
                    net.computeGradients(Batch.of(Storage.of(Precision.FLOAT64, ids), n, Targets.labels(next)), state);
            assertEquals(expected, res.correct(), "tokens right, from the carried state");
            assertEquals(tokens, res.count(), "out of every token");
            assertArrayEquals(predictState.toDoubles(), state.toDoubles(), 0.0, "the same state carried on");
        }
    }

    @Test
    void regressionHasNoCount() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(FEATURES)).dense(2).build(LossKind.MSE);
        try (Network net = Network.create(spec, Network.Options.of(F32, 2), 2)) {
            LossResult r = net.computeGradients(
                    Batch.of(flat(features(1)), N, Targets.values(Storage.allocate(F32, 2 * N), 2)));
            assertEquals(LossResult.NO_ACCURACY, r.correct());
            assertEquals(2 * N, r.count());
        }
    }
}
