package io.sparknn.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Network-level carried state: windows of one stream chained through {@link Network#computeGradients(Batch, Storage)}. */
class CarriedStateTest {
    private static final Precision F64 = Precision.FLOAT64;
    private static final int VOCAB = 7;
    private static final int T = 4;
    private static final int N = 5;

    private static NetworkSpec spec(int steps) {
        // ids (n, T) → embedding 3 → LSTM 5 → LSTM 4 → dense per step (n, T, 7)
        return NetworkSpec.builder(Shape.of(steps))
                .embedding(VOCAB, 3)
                .lstm(5, true)
                .lstm(4, true)
                .dense(VOCAB)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    private static double[] ids(int n, int steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * steps];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(VOCAB);
        }
        return x;
    }

    /** Columns [from, from + len) of each row of an (n, steps) array. */
    private static double[] columns(double[] x, int n, int steps, int from, int len) {
        double[] out = new double[n * len];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * steps + from, out, i * len, len);
        }
        return out;
    }

    @Test
    void stateSizeAddsHiddenAndCellOfEveryLstm() {
        try (Network net = Network.create(spec(T), Network.Options.of(F64, 1), 1)) {
            assertEquals(2 * 5 + 2 * 4, net.stateSize());
        }
    }

    @Test
    void twoWindowsWithCarriedStateEqualOneWindowOfTwiceTheLength() {
        double[] x = ids(N, 2 * T, 3);
        try (Network whole = Network.create(spec(2 * T), Network.Options.of(F64, 1), 1);
                Network half = Network.create(spec(T), Network.Options.of(F64, 1), 1)) {
            double[] expected = whole.predict(Storage.of(F64, x), N).toDoubles();
            Storage state = Storage.allocate(F64, N * half.stateSize());
            double[] first = half.predict(Storage.of(F64, columns(x, N, 2 * T, 0, T)), N, state)
                    .toDoubles();
            double[] second = half.predict(Storage.of(F64, columns(x, N, 2 * T, T, T)), N, state)
                    .toDoubles();
            for (int i = 0; i < N; i++) {
                for (int t = 0; t < 2 * T; t++) {
                    for (int v = 0; v < VOCAB; v++) {
                        double got = t < T ? first[(i * T + t) * VOCAB + v] : second[(i * T + t - T) * VOCAB + v];
                        assertEquals(expected[(i * 2 * T + t) * VOCAB + v], got, 1e-13, "example " + i + " step " + t);
                    }
                }
            }
            // without the carried state the second window differs (the test would not see a missing carry)
            double[] fresh =
                    half.predict(Storage.of(F64, columns(x, N, 2 * T, T, T)), N).toDoubles();
            assertNotClose(second, fresh);
        }
    }

    @Test
    void lossOfChainedWindowsEqualsTheLossOfTheWholeSequence() {
        double[] x = ids(N, 2 * T, 4);
        int[] y = new int[N * 2 * T];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextInt(VOCAB);
        }
        try (Network whole = Network.create(spec(2 * T), Network.Options.of(F64, 1), 2);
                Network half = Network.create(spec(T), Network.Options.of(F64, 1), 2)) {
            double expected = whole.evaluate(Batch.of(Storage.of(F64, x), N, Targets.labels(y)))
                    .sum();
            Storage state = Storage.allocate(F64, N * half.stateSize());
            double sum = 0;
            for (int w = 0; w < 2; w++) {
                int[] yw = new int[N * T];
                for (int i = 0; i < N; i++) {
                    System.arraycopy(y, i * 2 * T + w * T, yw, i * T, T);
                }
                Batch b = Batch.of(Storage.of(F64, columns(x, N, 2 * T, w * T, T)), N, Targets.labels(yw));
                sum += w == 0
                        ? half.computeGradients(b, state).sum()
                        : half.evaluate(b, state).sum();
            }
            assertEquals(expected, sum, 1e-12 * Math.abs(expected));
        }
    }

    @Test
    void twoThreadsCarryEachExamplesStateInItsOwnRow() {
        double[] x = ids(N, T, 5);
        Targets y = io.sparknn.engine.Fixtures.labels(N * T, VOCAB, 6);
        try (Network one = Network.create(spec(T), Network.Options.of(F64, 1), 3);
                Network two = Network.create(spec(T), Network.Options.of(F64, 2), 3)) {
            Storage s1 = io.sparknn.engine.Fixtures.inputs(F64, N * one.stateSize(), 7);
            Storage s2 = s1.copy();
            for (int step = 0; step < 3; step++) {
                Batch b = Batch.of(Storage.of(F64, x), N, y);
                double l1 = one.computeGradients(b, s1).sum();
                double l2 = two.computeGradients(b, s2).sum();
                assertEquals(l1, l2, 1e-12 * Math.abs(l1));
                assertArrayEquals(one.gradients().toDoubles(), two.gradients().toDoubles(), 1e-12);
                assertArrayEquals(s1.toDoubles(), s2.toDoubles(), 0.0);
            }
        }
    }

    @Test
    void aShortStateStorageIsRefused() {
        try (Network net = Network.create(spec(T), Network.Options.of(F64, 1), 1)) {
            Storage small = Storage.allocate(F64, N * net.stateSize() - 1);
            var e = assertThrows(
                    IllegalArgumentException.class, () -> net.predict(Storage.of(F64, ids(N, T, 1)), N, small));
            assertEquals("5 examples need 90 state values, got 89", e.getMessage());
        }
    }

    private static void assertNotClose(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        if (max < 1e-6) {
            throw new AssertionError("outputs with and without carried state agree to " + max);
        }
    }
}
