package io.sparknn.engine.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BinaryCrossEntropyWithLogitsTest {
    private static final Golden GOLDEN = Golden.load("layers.txt");
    private static final Precision F64 = Precision.FLOAT64;

    /** n·width soft targets in [0, 1]. */
    private static Storage softTargets(int count, long seed) {
        Storage s = Fixtures.inputs(F64, count, seed);
        for (int i = 0; i < count; i++) {
            s.set(i, (s.get(i) + 1) / 2);
        }
        return s;
    }

    @Test
    void gradientsOfAMultiLabelNetworkMatchCentralDifferences() {
        NetworkSpec s =
                NetworkSpec.builder(Shape.of(6)).dense(5).sigmoid().dense(4).build(LossKind.BCE_WITH_LOGITS);
        int n = 3;
        Batch b = Batch.of(Fixtures.inputs(F64, n * 6, 51), n, Targets.values(softTargets(n * 4, 52), 4));
        Network net = Fixtures.float64(s, 8);
        assertEquals(n * 4L, net.computeGradients(b).count(), "count is every output value");
        GradientCheck.Result r = GradientCheck.check(net, b);
        assertTrue(r.paramError() < 1e-6, "parameter error " + r);
        assertTrue(r.inputError() < 1e-6, "input error " + r);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void sumAndGradientMatchPyTorchEvenForLogitsOfEightHundred(Precision p) {
        // z holds ±800 (e^800 overflows double) and ±30; t holds soft targets.
        Storage z = GOLDEN.storage(p, "loss.z");
        Storage g = Storage.allocate(p, 12);
        BinaryCrossEntropyWithLogits bce = new BinaryCrossEntropyWithLogits(p);
        Targets t = Targets.values(GOLDEN.storage(p, "loss.t"), 3);
        bce.checkTargets(t, 4, 3);
        double sum = bce.sum(z, 4, 3, t, 0, g);
        double tol = p == F64 ? 1e-14 : 1e-6;
        Golden.assertClose(GOLDEN.get("bce.sum"), new double[] {sum}, tol, "sum");
        Golden.assertClose(GOLDEN.get("bce.dz"), g.toDoubles(), tol, "dz");
    }

    @Test
    void aTargetOutsideZeroOneIsRejectedNamingItsRow() {
        BinaryCrossEntropyWithLogits bce = new BinaryCrossEntropyWithLogits(F64);
        Targets t = Targets.values(Storage.of(F64, 0, 1, 0.5, 1, 1.5, 0), 2);
        assertEquals(
                "bce_with_logits: target 1.5 of row 2 is outside [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> bce.checkTargets(t, 3, 2))
                        .getMessage());
        assertEquals(
                "bce_with_logits: needs value targets (Targets.values) of width 1, got class labels",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> bce.checkTargets(Targets.labels(new int[] {0, 1}), 2, 1))
                        .getMessage());
        assertEquals(
                "bce_with_logits: targets of width 2 for outputs of width 3",
                assertThrows(IllegalArgumentException.class, () -> bce.checkTargets(t, 2, 3))
                        .getMessage());
    }
}
