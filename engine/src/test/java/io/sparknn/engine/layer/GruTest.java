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
import org.junit.jupiter.params.provider.CsvSource;

class GruTest {
    static final int N = 2;
    static final int T = 5;
    static final int IN = 3;
    static final int HIDDEN = 4;

    @ParameterizedTest(name = "sequences={0} zeroState={1}")
    @CsvSource({"true, false", "false, false", "true, true", "false, true"})
    void gradientsOverParametersInputsAndCarriedStateMatchCentralDifferences(boolean sequences, boolean zeroState) {
        RecurrentHarness h = new RecurrentHarness(
                        new RecurrentSpec(false, HIDDEN, sequences), Precision.FLOAT64, N, T, IN, true)
                .randomize(19, zeroState);
        double[] e = h.worstErrors();
        assertTrue(e[0] < 1e-6, "parameter error " + e[0]);
        assertTrue(e[1] < 1e-6, "input error " + e[1]);
        assertTrue(e[2] < 1e-6, "state error " + e[2]);
    }

    @Test
    void stackedGrusWithAPerStepDenseHeadPassTheNetworkGradientCheck() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(T, IN))
                .gru(HIDDEN, true)
                .gru(6, true)
                .dense(3)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network net = Fixtures.float64(spec, 5);
        Batch b = Batch.of(Fixtures.inputs(Precision.FLOAT64, N * T * IN, 8), N, Fixtures.labels(N * T, 3, 9));
        assertEquals(N * T, net.computeGradients(b).count());
        double e = RecurrentCarry.networkCheck(net, b);
        assertTrue(e < 1e-6, "worst relative error " + e);
    }

    @Test
    void lastStepGruUnderADenseClassifierPassesTheNetworkGradientCheck() {
        NetworkSpec spec =
                NetworkSpec.builder(Shape.of(T, IN)).gru(HIDDEN, false).dense(3).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network net = Fixtures.float64(spec, 6);
        Batch b = Batch.of(Fixtures.inputs(Precision.FLOAT64, 3 * T * IN, 2), 3, Fixtures.labels(3, 3, 1));
        assertTrue(GradientCheck.check(net, b).maxError() < 1e-6);
    }

    @Test
    void twoWindowsWithCarriedStateEqualOneWindowOfTwiceTheLength() {
        RecurrentCarry.assertWindowsChain(new RecurrentSpec(false, HIDDEN, true), N, T, IN);
    }

    @Test
    void theFinalStateIsTheLastOutput() {
        RecurrentHarness h = new RecurrentHarness(
                        new RecurrentSpec(false, HIDDEN, true), Precision.FLOAT64, N, T, IN, false)
                .randomize(3, false);
        assertEquals(HIDDEN, h.recurrent.stateSize());
        Storage y = h.forward();
        Storage fin = Storage.allocate(Precision.FLOAT64, N * HIDDEN);
        h.recurrent.copyFinalState(fin, 0, HIDDEN);
        for (int e = 0; e < N; e++) {
            assertArrayEquals(y.toDoubles((e * T + T - 1) * HIDDEN, HIDDEN), fin.toDoubles(e * HIDDEN, HIDDEN), 0);
        }
    }

    @Test
    void float32AgreesWithFloat64() {
        RecurrentCarry.assertFloat32AgreesWithFloat64(new RecurrentSpec(false, HIDDEN, false), N, T, IN);
    }

    @Test
    void twoThreadsGiveTheGradientsOfOne() {
        RecurrentCarry.assertThreadsAgree(
                NetworkSpec.builder(Shape.of(T, IN)).gru(HIDDEN, false).dense(3).build(LossKind.SOFTMAX_CROSS_ENTROPY));
    }

    @Test
    void askingForAStateGradientThatWasNotComputedIsAnError() {
        RecurrentHarness h = new RecurrentHarness(
                        new RecurrentSpec(false, HIDDEN, true), Precision.FLOAT64, N, T, IN, false)
                .randomize(1, true);
        h.backward(false);
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> h.recurrent.copyInitialStateGradient(Storage.allocate(Precision.FLOAT64, N * HIDDEN), 0, HIDDEN));
        assertTrue(e.getMessage().startsWith("layer 1 (gru)"), e.getMessage());
    }
}
