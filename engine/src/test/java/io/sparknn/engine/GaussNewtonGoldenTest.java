package io.sparknn.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.init.Init;
import io.sparknn.engine.layer.Conv2dSpec;
import io.sparknn.engine.layer.DenseSpec;
import io.sparknn.engine.layer.Pool2dSpec;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * J·v and G·v = Jᵀ·H_L·J·v of every layer with an R-op and every loss against PyTorch 1.13's
 * {@code torch.autograd.functional} jvp, hvp and vjp (tools/pytorch/gauss_newton.py): float64,
 * within 1e-10. The cases include relu and leaky relu at a pre-activation of exactly 0, max-pool
 * windows of tied values and the engine's own dropout masks (seed 5, step 2, ids 100..).
 */
class GaussNewtonGoldenTest {
    private static final Golden GOLDEN = Golden.load("gauss_newton.txt");
    private static final Precision F64 = Precision.FLOAT64;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "activations",
                        NetworkSpec.builder(Shape.of(5))
                                .dense(6)
                                .relu()
                                .dense(6)
                                .leakyRelu(0.1)
                                .dense(5)
                                .sigmoid()
                                .dense(4)
                                .tanh()
                                .dense(3)
                                .build(LossKind.SOFTMAX_CROSS_ENTROPY),
                        true),
                Arguments.of(
                        "dropout_softmax_mse",
                        NetworkSpec.builder(Shape.of(4))
                                .dense(8)
                                .tanh()
                                .dropout(0.4)
                                .dense(5)
                                .softmax()
                                .build(LossKind.MSE),
                        false),
                Arguments.of(
                        "probabilities",
                        NetworkSpec.builder(Shape.of(4))
                                .dense(6)
                                .relu()
                                .dense(3)
                                .build(LossKind.SOFTMAX_CROSS_ENTROPY),
                        false),
                Arguments.of(
                        "bce",
                        NetworkSpec.builder(Shape.of(3))
                                .add(new DenseSpec(5, Init.XAVIER_UNIFORM, false))
                                .leakyRelu(0.2)
                                .dense(2)
                                .build(LossKind.BCE_WITH_LOGITS),
                        false),
                Arguments.of(
                        "cnn",
                        NetworkSpec.builder(Shape.of(2, 7, 6))
                                .conv2d(3, 3, 3, 1, 1)
                                .add(new Pool2dSpec(true, 2, 2, 2, 2))
                                .sigmoid()
                                .add(new Conv2dSpec(4, 2, 2, 1, 1, 0, 0, Init.HE_UNIFORM, false))
                                .tanh()
                                .add(new Pool2dSpec(false, 2, 2, 1, 1))
                                .flatten()
                                .dense(3)
                                .build(LossKind.SOFTMAX_CROSS_ENTROPY),
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jvAndGvAreTorchsWithin1e10(String name, NetworkSpec spec, boolean labels) {
        double[] x = GOLDEN.get(name + ".x");
        int n = x.length / spec.input().size();
        double[] t = GOLDEN.get(name + ".targets");
        Targets targets;
        if (labels) {
            int[] y = new int[t.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = (int) t[i];
            }
            targets = Targets.labels(y);
        } else {
            targets = Targets.values(Storage.of(F64, t), spec.output().last());
        }
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 100 + i;
        }
        Batch b = new Batch(Storage.of(F64, x), n, targets, ids, 5, 2);
        double[] w = GOLDEN.get(name + ".w");
        Storage v = Storage.of(F64, GOLDEN.get(name + ".v"));

        Replica r = new Replica(
                spec,
                new Network.Options(F64, 1, false),
                Storage.of(F64, w),
                Storage.allocate(F64, w.length),
                Storage.allocate(F64, 0));
        double[] jv = GOLDEN.get(name + ".jv");
        assertClose(name + " J·v", jv, r.directional(b, 0, n, v).toDoubles(0, jv.length));

        try (Network net = Network.of(spec, Network.Options.of(F64, 1), w, new double[0])) {
            net.gaussNewtonProduct(b, v);
            assertClose(name + " G·v", GOLDEN.get(name + ".gv"), net.gradients().toDoubles());
        }
    }

    private static void assertClose(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        System.out.printf("%s: max |sparknn − torch| = %.3g%n", what, worst);
        assertTrue(worst <= 1e-10, what + ": max |sparknn − torch| = " + worst);
    }
}
