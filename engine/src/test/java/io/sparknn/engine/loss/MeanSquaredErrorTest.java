package io.sparknn.engine.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Fixtures;
import io.sparknn.engine.Golden;
import io.sparknn.engine.GradientCheck;
import io.sparknn.engine.LossResult;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import org.junit.jupiter.api.Test;

class MeanSquaredErrorTest {
    private static final Golden GOLDEN = Golden.load("layers.txt");
    private static final Precision F64 = Precision.FLOAT64;

    @Test
    void gradientsOfARegressionNetworkMatchCentralDifferences() {
        // (4, 3, 6) → dense (4, 3, 5) → tanh → dense (4, 3, 2): per-time-step regression targets.
        NetworkSpec s =
                NetworkSpec.builder(Shape.of(3, 6)).dense(5).tanh().dense(2).build(LossKind.MSE);
        int n = 4;
        Batch b = Batch.of(Fixtures.inputs(F64, n * 18, 41), n, Targets.values(Fixtures.inputs(F64, n * 6, 42), 2));
        Network net = Fixtures.float64(s, 7);
        assertEquals(n * 3L * 2, net.computeGradients(b).count(), "count is every output value");
        GradientCheck.Result r = GradientCheck.check(net, b);
        assertTrue(r.paramError() < 1e-6, "parameter error " + r);
        assertTrue(r.inputError() < 1e-6, "input error " + r);
    }

    @Test
    void sumAndGradientMatchPyTorch() {
        Storage z = GOLDEN.storage(F64, "loss.z");
        Storage g = Storage.allocate(F64, 12);
        double sum = new MeanSquaredError(F64).sum(z, 4, 3, Targets.values(GOLDEN.storage(F64, "loss.t"), 3), 0, g);
        Golden.assertClose(GOLDEN.get("mse.sum"), new double[] {sum}, 1e-15, "sum");
        Golden.assertClose(GOLDEN.get("mse.dz"), g.toDoubles(), 1e-15, "dz");
    }

    @Test
    void rowOffsetSelectsTheShardsTargetsAndTheMeanIsPyTorchs() {
        // Outputs of rows 2..3 of a 4-row batch against targets (4, 2): (y − t)² summed, 2(y − t).
        Storage y = Storage.of(F64, 1, 2, 3, 4);
        Targets t = Targets.values(Storage.of(F64, 9, 9, 9, 9, 0, 0, 5, 2), 2);
        Storage g = Storage.allocate(F64, 4);
        MeanSquaredError mse = new MeanSquaredError(F64);
        double sum = mse.sum(y, 2, 2, t, 2, g);
        assertEquals(1 + 4 + 4 + 4, sum, 0);
        assertArrayEquals(new double[] {2, 4, -4, 4}, g.toDoubles(), 0);
        assertEquals(
                13.0 / 4,
                new LossResult(sum, mse.count(2, 2), mse.correct(y, 2, 2, t, 2)).mean(),
                0,
                "MSELoss mean over 4 values");
    }

    @Test
    void mismatchedTargetsAreRejectedClearly() {
        MeanSquaredError mse = new MeanSquaredError(F64);
        assertEquals(
                "mse: targets of width 3 for outputs of width 2",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> mse.checkTargets(Targets.values(Storage.allocate(F64, 12), 3), 4, 2))
                        .getMessage());
        assertEquals(
                "mse: needs value targets (Targets.values) of width 2, got class labels",
                assertThrows(IllegalArgumentException.class, () -> mse.checkTargets(Targets.labels(new int[4]), 4, 2))
                        .getMessage());
        assertEquals(
                "mse: 6 target values for 4 rows of width 2",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> mse.checkTargets(Targets.values(Storage.allocate(F64, 6), 2), 4, 2))
                        .getMessage());
        assertEquals(
                "mse: targets are FLOAT32, network is FLOAT64",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> mse.checkTargets(Targets.values(Storage.allocate(Precision.FLOAT32, 8), 2), 4, 2))
                        .getMessage());
    }
}
