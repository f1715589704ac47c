package io.sparknn.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddingTest {
    private static final Precision F64 = Precision.FLOAT64;

    /** (n = 3, T = 5) token ids over a vocabulary of 7; token 4 repeats, so the scatter must add. */
    private static Storage tokens() {
        return Storage.of(F64, 4, 0, 6, 4, 2, 1, 4, 3, 3, 5, 0, 6, 4, 2, 1);
    }

    @Test
    void weightGradientsMatchCentralDifferences() {
        // (3, 5) ids → (3, 5, 3) vectors → per-time-step dense (3, 5, 2). Ids are not differentiable,
        // so this check covers parameters only (a perturbed id would not be an integer).
        NetworkSpec s =
                NetworkSpec.builder(Shape.of(5)).embedding(7, 3).tanh().dense(2).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network net = Network.create(s, new Network.Options(F64, 1, false), 6);
        Batch b = Batch.of(tokens(), 3, Fixtures.labels(15, 2, 8));
        GradientCheck.Result r = GradientCheck.check(net, b);
        assertTrue(r.paramError() < 1e-6, "parameter error " + r);
    }

    @Test
    void looksUpRowsAndScatterAddsTheirGradients() {
        LayerHarness h = new LayerHarness(new EmbeddingSpec(3, 2), Shape.of(3), F64);
        h.params.copyFrom(new double[] {10, 11, 20, 21, 30, 31}, 0, 0, 6);
        Storage y = h.layer.forward(Storage.of(F64, 2, 0, 2), 1, ForwardPass.INFERENCE);
        assertArrayEquals(new double[] {30, 31, 10, 11, 30, 31}, y.toDoubles(0, 6), 0);
        double[] dx = h.backward(Storage.of(F64, 1, 2, 3, 4, 5, 6), 1);
        // Token 2 appears twice: its row gets dy₀ + dy₂; token 1 never: zero.
        assertArrayEquals(new double[] {3, 4, 0, 0, 6, 8}, h.grads.toDoubles(), 0);
        assertArrayEquals(new double[] {0, 0, 0}, dx, 0, "ids have a zero gradient");
    }

    @ParameterizedTest
    @ValueSource(doubles = {7, -1, 2.5, Double.NaN})
    void anInvalidIdFailsNamingTheLayerAndTheValue(double bad) {
        NetworkSpec s =
                NetworkSpec.builder(Shape.of(2)).embedding(7, 3).dense(2).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network net = Network.create(s, Network.Options.of(F64, 1), 1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> net.predict(Storage.of(F64, 1, 2, 3, bad), 2));
        assertEquals(
                "layer 1 (embedding): token id " + bad + " (example 1, time step 1) is not an integer in [0, 7)",
                e.getMessage());
    }

    @Test
    void anInputGradientAskedForIsZero() {
        NetworkSpec s =
                NetworkSpec.builder(Shape.of(5)).embedding(7, 3).dense(2).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network net = Fixtures.float64(s, 2);
        net.computeGradients(Batch.of(tokens(), 3, Fixtures.labels(15, 2, 8)));
        assertArrayEquals(new double[15], net.inputGradient().toDoubles(0, 15), 0);
    }
}
