package io.sparknn.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Fixtures;
import io.sparknn.engine.GradientCheck;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import org.junit.jupiter.api.Test;

class DenseTest {

    @Test
    void gradientsOfDenseReluDenseMatchCentralDifferences() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(7)).dense(5).relu().dense(3).build(LossKind.SOFTMAX_CROSS_ENTROPY);
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
        Network net = Network.of(spec, Network.Options.of(Precision.FLOAT64, 1),
                new double[] {1, 2, 3, 4, 5, 6, 0.5, -1}, new double[0]);
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
}
