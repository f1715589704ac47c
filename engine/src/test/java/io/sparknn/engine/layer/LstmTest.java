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

class LstmTest {
    // distinct sizes so that a swapped dimension cannot go unnoticed
    static final int N = 2;
    static final int T = 5;
    static final int IN = 3;
    static final int HIDDEN = 4;

    @ParameterizedTest(name = "sequences={0} zeroState={1}")
    @CsvSource({"true, false", "false, false", "true, true", "false, true"})
    void gradientsOverParametersInputsAndCarriedStateMatchCentralDifferences(boolean sequences, boolean zeroState) {
        RecurrentHarness h = new RecurrentHarness(
                        new RecurrentSpec(true, HIDDEN, sequences), Precision.FLOAT64, N, T, IN, true)
                .randomize(17, zeroState);
        double[] e = h.worstErrors();
        assertTrue(e[0] < 1e-6, "parameter error " + e[0]);
        assertTrue(e[1] < 1e-6, "input error " + e[1]);
        assertTrue(e[2] < 1e-6, "state error " + e[2]);
    }

    @Test
    void stackedLstmsWithAPerStepDenseHeadPassTheNetworkGradientCheck() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(T, IN))
                .lstm(HIDDEN, true)
                .lstm(6, true)
                .dense(3)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(Shape.of(T, 3), spec.output());
        Network net = Fixtures.float64(spec, 5);
        Batch b = Batch.of(Fixtures.inputs(Precision.FLOAT64, N * T * IN, 8), N, Fixtures.labels(N * T, 3, 9));
        assertEquals(N * T, net.computeGradients(b).count(), "one loss term per example and step");
        double e = RecurrentCarry.networkCheck(net, b);
        assertTrue(e < 1e-6, "worst relative error " + e);
    }

    @Test
    void lastStepLstmUnderADenseClassifierPassesTheNetworkGradientCheck() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(T, IN))
                .lstm(HIDDEN, false)
                .dense(3)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network net = Fixtures.float64(spec, 6);
        Batch b = Batch.of(Fixtures.inputs(Precision.FLOAT64, 3 * T * IN, 2), 3, Fixtures.labels(3, 3, 1));
        assertEquals(3, net.computeGradients(b).count());
        assertTrue(GradientCheck.check(net, b).maxError() < 1e-6);
    }

    @Test
    void twoWindowsWithCarriedStateEqualOneWindowOfTwiceTheLength() {
        RecurrentCarry.assertWindowsChain(new RecurrentSpec(true, HIDDEN, true), N, T, IN);
    }

    @Test
    void finalStateIsWrittenThroughTheViewAndHIsTheLastOutput() {
        RecurrentHarness h = new RecurrentHarness(
                        new RecurrentSpec(true, HIDDEN, false), Precision.FLOAT64, N, T, IN, false)
                .randomize(3, false);
        Storage y = h.forward();
        Storage fin = Storage.allocate(Precision.FLOAT64, 1 + N * 9);
        h.recurrent.copyFinalState(fin, 1, 9);
        for (int e = 0; e < N; e++) {
            assertArrayEquals(y.toDoubles(e * HIDDEN, HIDDEN), fin.toDoubles(1 + e * 9, HIDDEN), 0);
            assertEquals(0, fin.get(1 + e * 9 + 2 * HIDDEN), "the gap after each state is untouched");
        }
        assertEquals(0, fin.get(0), "the value before the view is untouched");
    }

    @Test
    void float32AgreesWithFloat64() {
        RecurrentCarry.assertFloat32AgreesWithFloat64(new RecurrentSpec(true, HIDDEN, true), N, T, IN);
    }

    @Test
    void twoThreadsGiveTheGradientsOfOne() {
        RecurrentCarry.assertThreadsAgree(
                NetworkSpec.builder(Shape.of(T, IN)).lstm(HIDDEN, true).dense(3).build(LossKind.SOFTMAX_CROSS_ENTROPY));
    }

    @Test
    void aStateViewTooShortForTheBatchIsAnErrorNamingTheLayer() {
        RecurrentHarness h = new RecurrentHarness(
                        new RecurrentSpec(true, HIDDEN, true), Precision.FLOAT64, N, T, IN, false)
                .randomize(1, true);
        h.recurrent.setInitialState(Storage.allocate(Precision.FLOAT64, 2 * HIDDEN), 0, 2 * HIDDEN);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> h.layer.forward(h.x, N, ForwardPass.INFERENCE));
        assertTrue(e.getMessage().startsWith("layer 1 (lstm): initial state of 2 examples"), e.getMessage());
        IllegalArgumentException p = assertThrows(
                IllegalArgumentException.class,
                () -> h.recurrent.setInitialState(Storage.allocate(Precision.FLOAT32, 64), 0, 2 * HIDDEN));
        assertTrue(p.getMessage().contains("FLOAT32"), p.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> h.recurrent.setInitialState(Storage.allocate(Precision.FLOAT64, 64), 0, HIDDEN));
    }
}
