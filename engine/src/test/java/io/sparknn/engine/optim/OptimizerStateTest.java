package io.sparknn.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Fixtures;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerStateTest {
    private static final int COUNT = 11;

    /** Every optimizer and every variant that keeps a different set of buffers. */
    static List<String> specs() {
        return List.of(
                "sgd lr=0.1 weight_decay=0.01",
                "sgd lr=0.1 weight_decay=0.01 momentum=0.9 dampening=0.3",
                "sgd lr=0.1 weight_decay=0.01 momentum=0.9 nesterov=true",
                "adagrad lr=0.1 weight_decay=0.01 lr_decay=0.05 initial_accumulator=0.2",
                "adadelta weight_decay=0.01",
                "rmsprop weight_decay=0.01",
                "rmsprop weight_decay=0.01 momentum=0.5",
                "rmsprop weight_decay=0.01 momentum=0.5 centered=true",
                "rmsprop weight_decay=0.01 centered=true",
                "adam weight_decay=0.01",
                "adam weight_decay=0.01 beta2=0.6 amsgrad=true",
                "adamw lr=0.01",
                "adamw lr=0.01 beta2=0.6 amsgrad=true",
                "lars lr=0.5 weight_decay=0.01 trust_coefficient=0.02",
                "lars lr=0.5 momentum=0 exclude=none",
                "lamb lr=0.01 weight_decay=0.1",
                "lamb lr=0.01 exclude=none");
    }

    /** A gradient that depends on the step and on the parameters, as a real one does. */
    private static Storage gradient(Precision p, Storage params, int step) {
        Storage g = Fixtures.inputs(p, COUNT, 100 + step);
        for (int i = 0; i < COUNT; i++) {
            g.set(i, g.get(i) + 0.5 * params.get(i));
        }
        return g;
    }

    private static void steps(Optimizer opt, Storage params, int from, int to) {
        for (int t = from; t < to; t++) {
            opt.step(params, gradient(params.precision(), params, t), 0.05 + 0.01 * t);
        }
    }

    static List<Object[]> specsAndPrecisions() {
        return specs().stream()
                .flatMap(s -> Arrays.stream(Precision.values()).map(p -> new Object[] {s, p}))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("specsAndPrecisions")
    void threeStepsSavedAndRestoredThenTwoMoreEqualFiveUninterruptedBitwise(String text, Precision p) {
        OptimizerSpec spec = OptimizerSpecs.parse("test", text);
        Run straight = run(spec, p, 5);
        Run first = run(spec, p, 3);
        Storage resumed = first.params();
        OptimizerState saved = first.optimizer().state();
        assertEquals(3, saved.steps(), text);
        Optimizer b = spec.create(p, COUNT);
        b.restore(saved);
        steps(b, resumed, 3, 5);

        assertArrayEquals(straight.params().toDoubles(), resumed.toDoubles(), 0, text);
        assertEquals(straight.optimizer().state(), b.state(), text);
    }

    @ParameterizedTest
    @MethodSource("specs")
    void float32FollowsFloat64(String text) {
        // Golden tests cover the generated float64 loops; this checks the float32 source they come from.
        OptimizerSpec spec = OptimizerSpecs.parse("test", text);
        Storage p32 = Fixtures.inputs(Precision.FLOAT32, COUNT, 1);
        Storage p64 = Storage.of(Precision.FLOAT64, p32.toDoubles());
        Optimizer o32 = spec.create(Precision.FLOAT32, COUNT);
        Optimizer o64 = spec.create(Precision.FLOAT64, COUNT);
        for (int t = 0; t < 5; t++) {
            Storage g64 = gradient(Precision.FLOAT64, p64, t);
            o64.step(p64, g64, 0.05);
            o32.step(
                    p32,
                    Storage.of(
                            Precision.FLOAT32,
                            gradient(Precision.FLOAT32, p32, t).toDoubles()),
                    0.05);
        }
        for (int i = 0; i < COUNT; i++) {
            assertEquals(p64.get(i), p32.get(i), 2e-5 * Math.max(1, Math.abs(p64.get(i))), text + " param " + i);
        }
    }

    @Test
    void buffersComeInTheDocumentedOrder() {
        Storage params = Storage.of(Precision.FLOAT64, 1.0, -2.0);
        Storage g = Storage.of(Precision.FLOAT64, 0.5, 0.25);
        // SGD momentum buffer is seeded with d = g + λ·p on the first step.
        Optimizer sgd = OptimizerSpecs.parse("t", "sgd lr=0.1 weight_decay=0.1 momentum=0.9")
                .create(Precision.FLOAT64, 2);
        assertArrayEquals(new double[0], sgd.state().buffers()[0]);
        sgd.step(params.copy(), g, 0.1);
        assertArrayEquals(new double[] {0.5 + 0.1, 0.25 - 0.2}, sgd.state().buffers()[0], 1e-15);
        // AdaGrad's sum starts at the initial accumulator value.
        Optimizer ada =
                OptimizerSpecs.parse("t", "adagrad initial_accumulator=0.7").create(Precision.FLOAT64, 2);
        assertArrayEquals(new double[] {0.7, 0.7}, ada.state().buffers()[0]);
        // RMSProp: [square_avg, momentum_buffer, grad_avg]; absent ones are empty.
        Optimizer rms =
                OptimizerSpecs.parse("t", "rmsprop alpha=0.5 centered=true").create(Precision.FLOAT64, 2);
        rms.step(params.copy(), g, 0.1);
        double[][] b = rms.state().buffers();
        assertArrayEquals(new double[] {0.125, 0.03125}, b[0], 0);
        assertEquals(0, b[1].length);
        assertArrayEquals(new double[] {0.25, 0.125}, b[2], 0);
        // Adam: [exp_avg, exp_avg_sq, max_exp_avg_sq], the last empty without amsgrad.
        Optimizer adam = OptimizerSpecs.parse("t", "adam beta1=0.5 beta2=0.75").create(Precision.FLOAT64, 2);
        adam.step(params.copy(), g, 0.1);
        assertArrayEquals(new double[] {0.25, 0.125}, adam.state().buffers()[0], 0);
        assertArrayEquals(new double[] {0.0625, 0.015625}, adam.state().buffers()[1], 0);
        assertEquals(0, adam.state().buffers()[2].length);
        Optimizer ams = OptimizerSpecs.parse("t", "adam beta1=0.5 beta2=0.75 amsgrad=true")
                .create(Precision.FLOAT64, 2);
        ams.step(params.copy(), g, 0.1);
        assertArrayEquals(new double[] {0.0625, 0.015625}, ams.state().buffers()[2], 0);
        // Adadelta: [square_avg, acc_delta].
        Optimizer delta = OptimizerSpecs.parse("t", "adadelta rho=0.5").create(Precision.FLOAT64, 2);
        delta.step(params.copy(), g, 1.0);
        assertArrayEquals(new double[] {0.125, 0.03125}, delta.state().buffers()[0], 0);
        assertTrue(delta.state().buffers()[1][0] > 0);
    }

    @ParameterizedTest
    @EnumSource(OptimizerSpec.Kind.class)
    void restoreRejectsAStateOfAnotherShape(OptimizerSpec.Kind kind) {
        Optimizer o = OptimizerSpec.defaults(kind).create(Precision.FLOAT64, 4);
        int buffers = o.state().buffers().length;
        assertThrows(
                IllegalArgumentException.class, () -> o.restore(new OptimizerState(1, new double[buffers + 1][0])));
        if (kind == OptimizerSpec.Kind.KFAC) {
            // made from a parameter count alone, K-FAC has no layers to precondition and so no state
            // (every parameter takes plain SGD); KfacTest checks the lengths of a state with layers
            assertEquals(0, buffers);
            return;
        }
        double[][] wrongLength = new double[buffers][];
        Arrays.fill(wrongLength, new double[3]);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> o.restore(new OptimizerState(1, wrongLength)));
        assertTrue(e.getMessage().contains("length 3 for 4 parameters"), e.getMessage());
    }

    @Test
    void gradientsAreNotWritten() {
        for (String text : specs()) {
            Storage g = Fixtures.inputs(Precision.FLOAT64, COUNT, 3);
            double[] before = g.toDoubles();
            OptimizerSpecs.parse("t", text)
                    .create(Precision.FLOAT64, COUNT)
                    .step(Fixtures.inputs(Precision.FLOAT64, COUNT, 4), g, 0.1);
            assertArrayEquals(before, g.toDoubles(), 0, text);
        }
    }

    @Test
    void amsgradDividesByTheLargestSecondMomentSoFarBiasCorrectedWithTheCurrentStep() {
        // β1 = β2 = 0.5, ε = 0, lr 1, one parameter. Step 1, g = 2: m = 1, v = 2, v̂ = 2; bc1 = bc2 = 1/2:
        //   p −= (1 / (1/2)) · 1 / (√2 / √(1/2)) = 1.
        // Step 2, g = 0: m = 1/2, v = 1 but v̂ stays 2; bc1 = bc2 = 3/4:
        //   p −= (1 / (3/4)) · (1/2) / (√2 / √(3/4)) = (2/3)·√(3/8), where v would give (2/3)·√(3/4).
        Optimizer ams = OptimizerSpecs.parse("t", "adam beta1=0.5 beta2=0.5 eps=0 amsgrad=true")
                .create(Precision.FLOAT64, 1);
        Storage p = Storage.of(Precision.FLOAT64, 5.0);
        ams.step(p, Storage.of(Precision.FLOAT64, 2.0), 1.0);
        assertEquals(4.0, p.get(0), 1e-15);
        ams.step(p, Storage.of(Precision.FLOAT64, 0.0), 1.0);
        assertEquals(4.0 - 2.0 / 3 * Math.sqrt(3.0 / 8), p.get(0), 1e-15);
        double[][] b = ams.state().buffers();
        assertArrayEquals(new double[] {0.5}, b[0], 0);
        assertArrayEquals(new double[] {1.0}, b[1], 0);
        assertArrayEquals(new double[] {2.0}, b[2], 0);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void anAdamStateOfTwoBuffersFromBeforeAmsgradRestoresAndContinuesBitwise(Precision p) {
        OptimizerSpec spec = OptimizerSpecs.parse("t", "adam weight_decay=0.01");
        Run straight = run(spec, p, 5);
        Run first = run(spec, p, 3);
        Storage resumed = first.params();
        double[][] three = first.optimizer().state().buffers();
        Optimizer b = spec.create(p, COUNT);
        b.restore(new OptimizerState(3, new double[][] {three[0], three[1]}));
        steps(b, resumed, 3, 5);
        assertArrayEquals(straight.params().toDoubles(), resumed.toDoubles(), 0);
        assertEquals(straight.optimizer().state(), b.state());
    }

    /** Parameters from the fixture and a fresh optimizer, after its first {@code n} steps. */
    private record Run(Storage params, Optimizer optimizer) {}

    private static Run run(OptimizerSpec spec, Precision p, int n) {
        Storage params = Fixtures.inputs(p, COUNT, 1);
        Optimizer o = spec.create(p, COUNT);
        steps(o, params, 0, n);
        return new Run(params, o);
    }
}
