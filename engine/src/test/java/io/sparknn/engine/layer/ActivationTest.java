package io.sparknn.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Fixtures;
import io.sparknn.engine.Golden;
import io.sparknn.engine.GradientCheck;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.layer.ActivationSpec.Function;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationTest {
    private static final Golden GOLDEN = Golden.load("layers.txt");

    private static ActivationSpec spec(Function f) {
        return f == Function.LEAKY_RELU ? new ActivationSpec(f, 0.2) : ActivationSpec.of(f);
    }

    @ParameterizedTest
    @EnumSource(
            value = Function.class,
            names = {"LEAKY_RELU", "SIGMOID", "TANH"})
    void elementwiseGradientsMatchCentralDifferences(Function f) {
        // The activation comes first, so the input check differentiates through it directly.
        NetworkSpec s = NetworkSpec.builder(Shape.of(7))
                .add(spec(f))
                .dense(5)
                .add(spec(f))
                .dense(3)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        int n = 4;
        Batch b = Batch.of(Fixtures.inputs(Precision.FLOAT64, n * 7, 3), n, Fixtures.labels(n, 3, 5));
        GradientCheck.Result r = GradientCheck.check(Fixtures.float64(s, 11), b);
        assertTrue(r.paramError() < 1e-6, "parameter error " + r);
        assertTrue(r.inputError() < 1e-6, "input error " + r);
    }

    @Test
    void softmaxGradientsPerTimeStepMatchCentralDifferences() {
        // (3, 7) → dense (3, 5) → softmax over the last dimension, per time step, under MSE.
        NetworkSpec s =
                NetworkSpec.builder(Shape.of(3, 7)).softmax().dense(5).softmax().build(LossKind.MSE);
        int n = 2;
        Targets t = Targets.values(Fixtures.inputs(Precision.FLOAT64, n * 3 * 5, 8), 5);
        Batch b = Batch.of(Fixtures.inputs(Precision.FLOAT64, n * 3 * 7, 4), n, t);
        GradientCheck.Result r = GradientCheck.check(Fixtures.float64(s, 12), b);
        assertTrue(r.paramError() < 1e-6, "parameter error " + r);
        assertTrue(r.inputError() < 1e-6, "input error " + r);
    }

    @ParameterizedTest
    @EnumSource(
            value = Function.class,
            names = {"LEAKY_RELU", "SIGMOID", "TANH", "SOFTMAX"})
    void forwardAndBackwardMatchPyTorch(Function f) {
        // x holds 0 (LeakyReLU's derivative there is the slope, 0.2) and ±40 (saturation).
        LayerHarness h = new LayerHarness(spec(f), Shape.of(5), Precision.FLOAT64);
        Storage y = h.layer.forward(GOLDEN.storage(Precision.FLOAT64, "act.x"), 2, LayerHarness.training(0, 0, 0, 1));
        String name = f.text();
        Golden.assertClose(GOLDEN.get(name + ".y"), y.toDoubles(0, 10), 1e-15, name + " y");
        double[] dx = h.backward(GOLDEN.storage(Precision.FLOAT64, "act.dy"), 2);
        Golden.assertClose(GOLDEN.get(name + ".dx"), dx, 1e-15, name + " dx");
    }

    @Test
    void leakyReluTakesTheSlopeAsItsDerivativeAtZero() {
        LayerHarness h =
                new LayerHarness(new ActivationSpec(Function.LEAKY_RELU, 0.25), Shape.of(3), Precision.FLOAT64);
        Storage y = h.layer.forward(Storage.of(Precision.FLOAT64, 0, -2, 4), 1, ForwardPass.INFERENCE);
        assertArrayEquals(new double[] {0, -0.5, 4}, y.toDoubles(0, 3), 0);
        assertArrayEquals(new double[] {0.25, 0.25, 1}, h.backward(Storage.of(Precision.FLOAT64, 1, 1, 1), 1), 0);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void reluPassesDyOnlyWhereXIsPositiveSoItsDerivativeAtZeroAndMinusZeroIsZero(Precision p) {
        // PyTorch's threshold_backward: dx = x > 0 ? dy : 0. The smallest positive value already passes dy.
        LayerHarness h = new LayerHarness(ActivationSpec.of(Function.RELU), Shape.of(6), p);
        double tiny = Float.MIN_VALUE;
        Storage y = h.layer.forward(Storage.of(p, 0.0, -0.0, tiny, -tiny, 3, -2), 1, ForwardPass.INFERENCE);
        assertArrayEquals(new double[] {0, 0, tiny, 0, 3, 0}, y.toDoubles(0, 6), 0);
        double[] dx = h.backward(Storage.of(p, 2, -4, 8, 6, 1.5, 5), 1);
        assertArrayEquals(new double[] {0, 0, 8, 0, 1.5, 0}, dx, 0);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void leakyReluPutsZeroAndMinusZeroOnTheSlopeSideAsPyTorch(Precision p) {
        // PyTorch's leaky_relu_backward: dx = x > 0 ? dy : slope·dy, so at x = 0 (and −0) dx = slope·dy.
        LayerHarness h = new LayerHarness(new ActivationSpec(Function.LEAKY_RELU, 0.25), Shape.of(6), p);
        double tiny = Float.MIN_VALUE;
        Storage y = h.layer.forward(Storage.of(p, 0.0, -0.0, tiny, -tiny, 3, -2), 1, ForwardPass.INFERENCE);
        assertArrayEquals(
                new double[] {0, 0, tiny, -0.25 * tiny, 3, -0.5},
                y.toDoubles(0, 6),
                p == Precision.FLOAT32 ? Float.MIN_VALUE : 0);
        double[] dx = h.backward(Storage.of(p, 2, -4, 8, 6, 1.5, 5), 1);
        assertArrayEquals(new double[] {0.5, -1, 8, 1.5, 1.5, 1.25}, dx, 0);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void sigmoidSaturatesWithoutOverflowForLargeInputs(Precision p) {
        LayerHarness h = new LayerHarness(ActivationSpec.of(Function.SIGMOID), Shape.of(6), p);
        Storage y = h.layer.forward(Storage.of(p, -1e4, -100, -30, 30, 100, 1e4), 1, ForwardPass.INFERENCE);
        double[] v = y.toDoubles(0, 6);
        assertEquals(0, v[0], 0);
        // e^−100 = 3.72e−44: a float32 subnormal, not 0/0 or 1/∞ of a naive e^x / (1 + e^x).
        assertEquals(3.720075976020836e-44, v[1], p == Precision.FLOAT64 ? 1e-58 : 1e-45);
        assertEquals(9.357622968839299e-14, v[2], 9.36e-14 * (p == Precision.FLOAT64 ? 1e-15 : 1e-7));
        assertEquals(1, v[3], 1e-13);
        assertEquals(1, v[4], 0);
        assertEquals(1, v[5], 0);
        double[] dx = h.backward(Storage.of(p, 1, 1, 1, 1, 1, 1), 1);
        for (double d : dx) {
            assertTrue(Double.isFinite(d) && d >= 0, "sigmoid derivative " + d);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void softmaxRowsSumToOneAndSurviveHugeLogits(Precision p) {
        LayerHarness h = new LayerHarness(ActivationSpec.of(Function.SOFTMAX), Shape.of(2, 3), p);
        // Example (2, 3): row 1 equal huge logits, row 2 [0, ln 2, ln 4] → [1, 2, 4] / 7.
        Storage y =
                h.layer.forward(Storage.of(p, 1e4, 1e4, 1e4, 0, Math.log(2), Math.log(4)), 1, ForwardPass.INFERENCE);
        double tol = p == Precision.FLOAT64 ? 1e-15 : 1e-7;
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 7, 2.0 / 7, 4.0 / 7}, y.toDoubles(0, 6), tol);
    }

    @Test
    void softmaxBackwardIsOrthogonalToConstantShifts() {
        // Adding a constant to every dy of a row does not change softmax's output sensitivity: Σ_j y_j = 1.
        LayerHarness h = new LayerHarness(ActivationSpec.of(Function.SOFTMAX), Shape.of(4), Precision.FLOAT64);
        h.layer.forward(Storage.of(Precision.FLOAT64, 0.3, -1, 2, 0.5), 1, ForwardPass.INFERENCE);
        double[] a = h.backward(Storage.of(Precision.FLOAT64, 1, -2, 0.5, 3), 1);
        double[] b = h.backward(Storage.of(Precision.FLOAT64, 11, 8, 10.5, 13), 1);
        assertArrayEquals(a, b, 1e-14);
        assertEquals(0, a[0] + a[1] + a[2] + a[3], 1e-15);
    }
}
