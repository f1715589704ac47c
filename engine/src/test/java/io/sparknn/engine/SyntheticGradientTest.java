package io.sparknn.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.layer.RecurrentSpec;
import io.sparknn.engine.layer.Synthesiser;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Synthetic gradients at the end of a window (float64): the synthesiser's own gradient, the
 * injected prediction entering backpropagation as the gradient of a term ⟨final state, prediction⟩,
 * and the synthesiser learning a gradient that is linear in the state.
 */
class SyntheticGradientTest {
    private static final Precision F64 = Precision.FLOAT64;
    private static final int VOCAB = 7;
    private static final int T = 4;
    private static final int N = 3;
    private static final int H = 5;

    /** embedding 3 → lstm/gru 5 with a synthesiser (hidden 0: linear) → dense per step. */
    static NetworkSpec spec(boolean lstm, int sgHidden) {
        NetworkSpec plain = NetworkSpec.builder(Shape.of(T))
                .embedding(VOCAB, 3)
                .add(new RecurrentSpec(lstm, H, true, new RecurrentSpec.Synthetic(sgHidden, 1.0)))
                .dense(VOCAB)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        return plain;
    }

    /** Where the recurrent layer's synthesiser starts in the flat parameters. */
    static int synthesiserOffset(NetworkSpec spec) {
        RecurrentSpec r = (RecurrentSpec) spec.layers().get(1);
        return spec.layers().get(0).paramCount(spec.shapeBefore(0)) + r.cellParamCount(spec.shapeBefore(1));
    }

    static double loss(Synthesiser sg, Storage p, Storage s, Storage t, int n, int size, double weight) {
        Storage pred = sg.predict(p, s, 0, size, n);
        double sum = 0;
        for (int i = 0; i < n * size; i++) {
            double d = pred.get(i) - t.get(i);
            sum += d * d;
        }
        return weight * sum / 2;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4})
    void theSynthesisersGradientMatchesFiniteDifferences(int hidden) {
        int size = 6;
        int n = 5;
        double weight = 0.7;
        int count = Synthesiser.paramCount(size, hidden);
        assertEquals(hidden == 0 ? 42 : 6 * 4 + 4 + 4 * 6 + 6, count);
        int off = 3; // not at the start of the storage
        Storage p = Fixtures.inputs(F64, off + count, 1);
        Storage s = Fixtures.inputs(F64, n * size, 2);
        Storage t = Fixtures.inputs(F64, n * size, 3);
        Synthesiser sg = new Synthesiser(F64, size, hidden, off);
        Storage g = Storage.allocate(F64, off + count);
        double l = sg.addGradient(p, g, s, 0, size, t, 0, size, n, weight);
        assertEquals(loss(sg, p, s, t, n, size, weight), l, 1e-12 * l);
        for (int i = 0; i < off; i++) {
            assertEquals(0.0, g.get(i), "outside the synthesiser's parameters");
        }
        double eps = 1e-6;
        for (int i = off; i < off + count; i++) {
            double v = p.get(i);
            p.set(i, v + eps);
            double up = loss(sg, p, s, t, n, size, weight);
            p.set(i, v - eps);
            double down = loss(sg, p, s, t, n, size, weight);
            p.set(i, v);
            double fd = (up - down) / (2 * eps);
            assertEquals(fd, g.get(i), 1e-7 + 1e-6 * Math.abs(fd), "parameter " + (i - off));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theInjectedGradientIsTheGradientOfTheInnerProductOfTheFinalStateWithThePrediction(boolean lstm) {
        NetworkSpec spec = spec(lstm, 0);
        try (Network net = Network.create(spec, Network.Options.of(F64, 1), 5)) {
            int size = net.stateSize();
            int off = synthesiserOffset(spec);
            // a synthesiser that predicts something: its zero output layer made random
            Storage sgParams = Fixtures.inputs(F64, Synthesiser.paramCount(size, 0), 6);
            net.parameters().copyFrom(sgParams, 0, off, sgParams.length());
            Storage x = Storage.allocate(F64, N * T);
            SplittableRandom r = new SplittableRandom(7);
            for (int i = 0; i < N * T; i++) {
                x.set(i, r.nextInt(VOCAB));
            }
            Targets y = Fixtures.labels(N * T, VOCAB, 8);
            Batch b = Batch.of(x, N, y);
            Storage s0 = Fixtures.inputs(F64, N * size, 9);

            Storage state = s0.copy();
            net.computeGradients(b, state, true, false);
            double[] g = net.gradients().toDoubles();
            Storage prediction = new Synthesiser(F64, size, 0, off)
                    .predict(net.parameters(), state, 0, size, N)
                    .copy();
            Storage plainState = s0.copy();
            net.computeGradients(b, plainState);
            double[] plain = net.gradients().toDoubles();

            double eps = 1e-6;
            double largest = 0;
            for (int i = 0; i < off; i++) {
                double v = net.parameters().get(i);
                net.parameters().set(i, v + eps);
                double up = objective(net, b, s0, prediction);
                net.parameters().set(i, v - eps);
                double down = objective(net, b, s0, prediction);
                net.parameters().set(i, v);
                double fd = (up - down) / (2 * eps);
                assertEquals(fd, g[i], 1e-7 + 1e-6 * Math.abs(fd), "parameter " + i);
                largest = Math.max(largest, Math.abs(g[i] - plain[i]));
            }
            // the injection changed the gradient (a test that would pass without it tells nothing)
            assertTrue(largest > 1e-2, "injected vs plain: " + largest);
            // not learning: the synthesiser's own gradient stays zero
            for (int i = off; i < g.length - VOCAB * H - VOCAB; i++) {
                assertEquals(0.0, g[i]);
            }
        }
    }

    /** The window's loss sum plus ⟨final state, prediction⟩, the prediction held constant. */
    private static double objective(Network net, Batch b, Storage s0, Storage prediction) {
        Storage state = s0.copy();
        double l = net.evaluate(b, state).sum();
        for (int i = 0; i < state.length(); i++) {
            l += state.get(i) * prediction.get(i);
        }
        return l;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void learningAddsTheRegressionOntoTheInitialStateGradientOfTheSamePass(boolean lstm) {
        NetworkSpec spec = spec(lstm, 3);
        try (Network net = Network.create(spec, Network.Options.of(F64, 1), 5)) {
            int size = net.stateSize();
            int off = synthesiserOffset(spec);
            int count = Synthesiser.paramCount(size, 3);
            Storage sgParams = Fixtures.inputs(F64, count, 6);
            net.parameters().copyFrom(sgParams, 0, off, count);
            Storage x = Fixtures.inputs(F64, N * T, 1);
            for (int i = 0; i < N * T; i++) {
                x.set(i, Math.floorMod((int) (x.get(i) * 100), VOCAB));
            }
            Batch b = Batch.of(x, N, Fixtures.labels(N * T, VOCAB, 8));
            Storage s0 = Fixtures.inputs(F64, N * size, 9);
            net.computeGradients(b, s0.copy(), true, true);
            double[] g = net.gradients().toDoubles();
            // the target: ∂(loss + ⟨final state, prediction⟩)/∂s0 by finite differences
            Storage end = s0.copy();
            net.evaluate(b, end);
            Storage prediction = new Synthesiser(F64, size, 3, off)
                    .predict(net.parameters(), end, 0, size, N)
                    .copy();
            Storage target = Storage.allocate(F64, N * size);
            double eps = 1e-6;
            for (int i = 0; i < N * size; i++) {
                Storage up = s0.copy();
                up.set(i, s0.get(i) + eps);
                Storage down = s0.copy();
                down.set(i, s0.get(i) - eps);
                target.set(i, (objective(net, b, up, prediction) - objective(net, b, down, prediction)) / (2 * eps));
            }
            Storage expected = Storage.allocate(F64, net.parameters().length());
            new Synthesiser(F64, size, 3, off)
                    .addGradient(net.parameters(), expected, s0, 0, size, target, 0, size, N, 1.0);
            for (int i = off; i < off + count; i++) {
                assertEquals(
                        expected.get(i),
                        g[i],
                        1e-6 * (1 + Math.abs(expected.get(i))),
                        "synthesiser parameter " + (i - off));
            }
        }
    }

    /**
     * A GRU whose parameters are all zero has r = z = ½ and n = 0 in every step, so h_t = ½ h_{t−1}
     * exactly and ∂h_t/∂h_{t−1} = ½ I (every path through a gate meets a zero weight). With a dense
     * output y_t = W h_t + b and squared error Σ‖y_t − y*‖² in every step of an endless stream, the
     * gradient the rest of the stream sends back to a state s is, in closed form,
     * g(s) = Σ_{t≥1} ½^t · 2Wᵀ(W ½^t s + b − y*) = ⅔ WᵀW s + 2Wᵀ(b − y*): linear in the state. A
     * linear synthesiser trained as in stateful training (each window of T = 2 steps backpropagated
     * with its prediction injected at the end, regressed onto the gradient reaching the start, only
     * its own parameters moving) must find A = ⅔ WᵀW and c = 2Wᵀ(b − y*). Without the injection it
     * would find the two-step truncation ((¼ + 1/16)·2WᵀW, (½ + ¼)·2Wᵀ(b − y*)): 6% and 25% off.
     */
    @org.junit.jupiter.api.Test
    void aLinearSynthesiserLearnsTheClosedFormGradientAcrossTheBoundaryToOnePercent() {
        int h = 4;
        int out = 3;
        int steps = 2;
        int n = 16;
        NetworkSpec spec = NetworkSpec.builder(Shape.of(steps, 1))
                .add(new RecurrentSpec(false, h, true, new RecurrentSpec.Synthetic(0, 1.0)))
                .dense(out)
                .build(LossKind.MSE);
        try (Network net = Network.create(spec, Network.Options.of(F64, 1), 3)) {
            RecurrentSpec gru = (RecurrentSpec) spec.layers().get(0);
            int cell = gru.cellParamCount(spec.shapeBefore(0));
            int sgCount = Synthesiser.paramCount(h, 0);
            int dense = cell + sgCount;
            Storage p = net.parameters();
            p.zero(0, cell);
            assertEquals(dense + out * h + out, p.length());
            // W (out, h) row-major and b, from the network's initialisation; y* fixed
            double[][] w = new double[out][h];
            double[] b = new double[out];
            double[] target = {0.7, -0.4, 0.2};
            for (int o = 0; o < out; o++) {
                b[o] = p.get(dense + out * h + o);
                for (int j = 0; j < h; j++) {
                    w[o][j] = p.get(dense + o * h + j);
                }
            }
            double[][] a = new double[h][h];
            double[] c = new double[h];
            for (int i = 0; i < h; i++) {
                for (int o = 0; o < out; o++) {
                    c[i] += 2 * w[o][i] * (b[o] - target[o]);
                    for (int j = 0; j < h; j++) {
                        a[i][j] += 2.0 / 3 * w[o][i] * w[o][j];
                    }
                }
            }
            Storage x = Storage.allocate(F64, n * steps);
            Storage y = Storage.allocate(F64, n * steps * out);
            for (int i = 0; i < n * steps * out; i++) {
                y.set(i, target[i % out]);
            }
            Batch batch = Batch.of(x, n, Targets.values(y, out));
            SplittableRandom r = new SplittableRandom(11);
            double lr = 1.0;
            for (int it = 0; it < 400; it++) {
                Storage state = Storage.allocate(F64, n * h);
                for (int i = 0; i < n * h; i++) {
                    state.set(i, r.nextDouble(-1, 1));
                }
                net.computeGradients(batch, state, true, true);
                Storage g = net.gradients();
                for (int i = cell; i < dense; i++) {
                    p.set(i, p.get(i) - lr / n * g.get(i));
                }
            }
            // the linear synthesiser's parameters are W (h, h) row-major, then b
            double errA = 0;
            double normA = 0;
            double errC = 0;
            double normC = 0;
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < h; j++) {
                    double d = p.get(cell + i * h + j) - a[i][j];
                    errA += d * d;
                    normA += a[i][j] * a[i][j];
                }
                double d = p.get(cell + h * h + i) - c[i];
                errC += d * d;
                normC += c[i] * c[i];
            }
            double relA = Math.sqrt(errA / normA);
            double relC = Math.sqrt(errC / normC);
            // the issue asks for 1e-2; the regression is exactly realisable and converges to rounding (1e-16)
            assertTrue(relA <= 1e-9 && relC <= 1e-9, "relative errors: A " + relA + ", c " + relC);
            // the GRU stayed as set: nothing but the synthesiser moved
            for (int i = 0; i < cell; i++) {
                assertEquals(0.0, p.get(i));
            }
        }
    }
}
