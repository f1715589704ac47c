package io.sparknn.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DropoutTest {
    private static final Precision F64 = Precision.FLOAT64;

    private static Storage ones(int count) {
        double[] v = new double[count];
        Arrays.fill(v, 1);
        return Storage.of(F64, v);
    }

    @Test
    void gradientsMatchCentralDifferencesUnderAFixedMask() {
        // The mask is a function of (seed, step, layer, id), so every evaluation of the check sees the same one.
        NetworkSpec s = NetworkSpec.builder(Shape.of(7))
                .dropout(0.3)
                .dense(6)
                .tanh()
                .dropout(0.5)
                .dense(3)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        int n = 5;
        Batch b = new Batch(
                Fixtures.inputs(F64, n * 7, 31), n, Fixtures.labels(n, 3, 32), new long[] {10, 11, 12, 13, 14}, 99, 4);
        GradientCheck.Result r = GradientCheck.check(Fixtures.float64(s, 5), b);
        assertTrue(r.paramError() < 1e-6, "parameter error " + r);
        assertTrue(r.inputError() < 1e-6, "input error " + r);
    }

    @Test
    void keepsAboutOneMinusPAndScalesKeptValuesByItsInverse() {
        double p = 0.3;
        int size = 1000;
        int n = 100;
        LayerHarness h = new LayerHarness(new DropoutSpec(p), Shape.of(size), F64);
        long[] ids = new long[n];
        Arrays.setAll(ids, i -> 5000 + i);
        double[] y = h.layer
                .forward(ones(n * size), n, LayerHarness.training(7, 1, ids))
                .toDoubles(0, n * size);
        int kept = 0;
        for (double v : y) {
            if (v != 0) {
                assertEquals(1 / (1 - p), v, 0, "a kept value is scaled by exactly 1/(1 − p)");
                kept++;
            }
        }
        // 100,000 Bernoulli(0.7) draws: standard deviation of the fraction 0.00145; allow 4 of them.
        assertEquals(1 - p, kept / (double) (n * size), 0.006);
        // The backward pass uses the same mask and scale.
        assertArrayEquals(y, h.backward(ones(n * size), n), 0);
    }

    @Test
    void isTheIdentityAtInference() {
        LayerHarness h = new LayerHarness(new DropoutSpec(0.9), Shape.of(4), F64);
        Storage x = Storage.of(F64, 1, -2, 3, -4, 5, 6, 7, 8);
        assertSame(x, h.layer.forward(x, 2, ForwardPass.INFERENCE));
        Storage dy = Storage.of(F64, 8, 7, 6, 5, 4, 3, 2, 1);
        assertSame(dy, h.layer.backward(dy, 2));
    }

    @Test
    void anExamplesMaskDependsOnItsIdNotOnItsPositionInTheBatch() {
        LayerHarness h = new LayerHarness(new DropoutSpec(0.5), Shape.of(64), F64);
        double[] whole = h.layer
                .forward(ones(3 * 64), 3, LayerHarness.training(1, 2, 40, 41, 42))
                .toDoubles(0, 3 * 64);
        // Example 42 alone, reached through an offset into the ids as a shard of a larger batch would be.
        ForwardPass shard = new ForwardPass(true, 1, 2, new long[] {40, 41, 42}, 2);
        double[] alone = h.layer.forward(ones(64), 1, shard).toDoubles(0, 64);
        assertArrayEquals(Arrays.copyOfRange(whole, 128, 192), alone, 0);
        // Different ids, steps and layers draw different masks (2^−64 chance each of a false alarm).
        assertFalse(Arrays.equals(Arrays.copyOfRange(whole, 0, 64), Arrays.copyOfRange(whole, 64, 128)));
        double[] nextStep =
                h.layer.forward(ones(64), 1, LayerHarness.training(1, 3, 42)).toDoubles(0, 64);
        assertFalse(Arrays.equals(alone, nextStep));
        LayerHarness other = new LayerHarness(new DropoutSpec(0.5), Shape.of(64), F64, 1);
        double[] otherLayer = other.layer
                .forward(ones(64), 1, LayerHarness.training(1, 2, 42))
                .toDoubles(0, 64);
        assertFalse(Arrays.equals(alone, otherLayer));
    }

    @Test
    void trainingWithoutExampleIdsFailsNamingTheLayer() {
        NetworkSpec s =
                NetworkSpec.builder(Shape.of(3)).dense(4).dropout(0.2).dense(2).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network net = Fixtures.float64(s, 1);
        Batch noIds = new Batch(Fixtures.inputs(F64, 6, 2), 2, Fixtures.labels(2, 2, 3), null, 0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.computeGradients(noIds));
        assertTrue(
                e.getMessage().startsWith("layer 2 (dropout): dropout in training needs the global example ids"),
                e.getMessage());
    }

    @Test
    void float32AndFloat64DrawTheSameMask() {
        LayerHarness h64 = new LayerHarness(new DropoutSpec(0.4), Shape.of(50), F64);
        LayerHarness h32 = new LayerHarness(new DropoutSpec(0.4), Shape.of(50), Precision.FLOAT32);
        double[] a = h64.layer
                .forward(ones(100), 2, LayerHarness.training(3, 3, 8, 9))
                .toDoubles(0, 100);
        double[] b = h32.layer
                .forward(Storage.of(Precision.FLOAT32, ones(100).toDoubles()), 2, LayerHarness.training(3, 3, 8, 9))
                .toDoubles(0, 100);
        for (int i = 0; i < 100; i++) {
            assertEquals(a[i] == 0, b[i] == 0, "value " + i);
        }
    }
}
