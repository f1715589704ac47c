package io.sparknn.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Fixtures;
import io.sparknn.engine.Golden;
import io.sparknn.engine.GradientCheck;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.init.Init;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import org.junit.jupiter.api.Test;

class DenseTest {

    @Test
    void gradientsOfDenseReluDenseMatchCentralDifferences() {
        NetworkSpec spec =
                NetworkSpec.builder(Shape.of(7)).dense(5).relu().dense(3).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network net = Fixtures.float64(spec, 11);
        int n = 4;
        Batch b = Batch.of(Fixtures.inputs(Precision.FLOAT64, n * 7, 3), n, Fixtures.labels(n, 3, 5));
        GradientCheck.Result r = GradientCheck.check(net, b);
        assertTrue(r.paramError() < 1e-6, "parameter error " + r);
        assertTrue(r.inputError() < 1e-6, "input error " + r);
    }

    @Test
    void perTimeStepDenseGradientsMatchCentralDifferences() {
        NetworkSpec plain = NetworkSpec.builder(Shape.of(3, 4)).dense(2).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network net = Fixtures.float64(plain, 2);
        int n = 2;
        Batch b = Batch.of(Fixtures.inputs(Precision.FLOAT64, n * 12, 9), n, Fixtures.labels(n * 3, 2, 4));
        assertEquals(6, net.computeGradients(b).count(), "per-time-step loss counts tokens n·T");
        GradientCheck.Result r = GradientCheck.check(net, b);
        assertTrue(r.maxError() < 1e-6, r.toString());
        assertEquals(Shape.of(3, 2), plain.output());
    }

    @Test
    void forwardIsXTimesWTransposedPlusBiasInPyTorchLayout() {
        // W (2, 3) row-major then b (2): y = x·Wᵀ + b, worked by hand.
        NetworkSpec spec = NetworkSpec.builder(Shape.of(3)).dense(2).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network net = Network.of(
                spec,
                Network.Options.of(Precision.FLOAT64, 1),
                new double[] {1, 2, 3, 4, 5, 6, 0.5, -1},
                new double[0]);
        Storage y = net.predict(Storage.of(Precision.FLOAT64, 1, 0, -1, 2, 1, 1), 2);
        assertArrayEquals(new double[] {1 - 3 + 0.5, 4 - 6 - 1, 2 + 2 + 3 + 0.5, 8 + 5 + 6 - 1}, y.toDoubles(), 0);
    }

    @Test
    void biasGradientIsTheSumOfTheUpstreamGradientOverTheBatch() {
        // With softmax cross-entropy, ∂sum/∂z = p − y per row; the bias gradient is its column sum.
        NetworkSpec spec = NetworkSpec.builder(Shape.of(2)).dense(3).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network net = Network.of(spec, Network.Options.of(Precision.FLOAT64, 1), new double[9], new double[0]);
        Batch b = Batch.of(Storage.of(Precision.FLOAT64, 1, 2, 3, 4, 5, 6), 3, Targets.labels(new int[] {0, 0, 2}));
        net.computeGradients(b);
        // all logits 0 → p = 1/3 each; column sums of p − y: 1 − 2, 1 − 0, 1 − 1
        assertArrayEquals(new double[] {-1, 1, 0}, net.gradients().toDoubles(6, 3), 1e-15);
    }

    private static DenseSpec noBias(int units) {
        return new DenseSpec(units, Init.HE_UNIFORM, false);
    }

    @Test
    void withoutBiasGradientsMatchCentralDifferences() {
        // both layers without a bias, the second also per time step
        NetworkSpec spec = NetworkSpec.builder(Shape.of(7))
                .add(noBias(5))
                .relu()
                .add(noBias(3))
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(7 * 5 + 5 * 3, spec.paramCount(), "weights only");
        Network net = Fixtures.float64(spec, 11);
        int n = 4;
        Batch b = Batch.of(Fixtures.inputs(Precision.FLOAT64, n * 7, 3), n, Fixtures.labels(n, 3, 5));
        GradientCheck.Result r = GradientCheck.check(net, b);
        assertTrue(r.paramError() < 1e-6, "parameter error " + r);
        assertTrue(r.inputError() < 1e-6, "input error " + r);

        NetworkSpec perStep = NetworkSpec.builder(Shape.of(3, 4)).add(noBias(2)).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network seq = Fixtures.float64(perStep, 2);
        Batch sb = Batch.of(Fixtures.inputs(Precision.FLOAT64, 2 * 12, 9), 2, Fixtures.labels(2 * 3, 2, 4));
        assertTrue(GradientCheck.check(seq, sb).maxError() < 1e-6);
    }

    @Test
    void withoutBiasTheParametersAreTheWeightsAlone() {
        assertEquals(3 * 4, noBias(3).paramCount(Shape.of(4)));
        assertEquals(3 * 4 + 3, new DenseSpec(3, Init.HE_UNIFORM).paramCount(Shape.of(4)));
        assertEquals(3 * 4, noBias(3).paramCount(Shape.of(6, 4)), "per time step: still one W");
        NetworkSpec spec = NetworkSpec.builder(Shape.of(4)).add(noBias(3)).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertTrue(
                java.util.regex.Pattern.compile("(?m)^1\\s+dense\\s+3\\s+12$")
                        .matcher(spec.summary())
                        .find(),
                spec.summary());
    }

    @Test
    void withoutBiasForwardIsXTimesWTransposedAndBackwardGivesDwOnly() {
        // W (2, 3) as in the test with a bias, without its b: y = x·Wᵀ
        SingleLayer h = SingleLayer.of(noBias(2), Shape.of(3), Precision.FLOAT64, new double[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(
                new double[] {1 - 3, 4 - 6, 2 + 2 + 3, 8 + 5 + 6}, h.forward(new double[] {1, 0, -1, 2, 1, 1}, 2), 0);
        // dW = dyᵀ·x: row 0 = 1·(1,0,−1) + 3·(2,1,1), row 1 = 2·(1,0,−1) + 4·(2,1,1); dx = dy·W
        double[] dx = h.backward(new double[] {1, 2, 3, 4}, 2);
        assertArrayEquals(new double[] {7, 3, 2, 10, 4, 2}, h.grads.toDoubles(), 0);
        assertArrayEquals(new double[] {1 + 8, 2 + 10, 3 + 12, 3 + 16, 6 + 20, 9 + 24}, dx, 0);
    }

    /** PyTorch 1.13's nn.Linear(4, 3, bias=False) on 5 examples (tools/pytorch/layers_golden.py). */
    @Test
    void withoutBiasMatchesPyTorch() {
        Golden g = Golden.load("layers.txt");
        SingleLayer h = SingleLayer.of(noBias(3), Shape.of(4), Precision.FLOAT64, g.get("linear_nobias.w"));
        assertArrayEquals(g.get("linear_nobias.y"), h.forward(g.get("linear_nobias.x"), 5), 1e-12);
        assertArrayEquals(g.get("linear_nobias.dx"), h.backward(g.get("linear_nobias.dy"), 5), 1e-12);
        assertArrayEquals(g.get("linear_nobias.dw"), h.grads.toDoubles(), 1e-12);
    }
}
