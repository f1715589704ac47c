package io.sparknn.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.init.Init;
import io.sparknn.engine.layer.DenseSpec;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.layer.SpecFields;
import io.sparknn.engine.layer.SpecValue;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.ParameterTensors.Role;
import io.sparknn.engine.optim.ParameterTensors.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LARS and LAMB: the tensors they take norms over, the trust ratio's rules, and their keys. */
class LarsLambTest {
    private static final double EXACT = 1e-15;

    private static ParameterTensors layout(int... lengthsAndRoles) {
        List<Tensor> t = new java.util.ArrayList<>();
        int at = 0;
        for (int i = 0; i < lengthsAndRoles.length; i += 2) {
            t.add(new Tensor(at, lengthsAndRoles[i], Role.values()[lengthsAndRoles[i + 1]]));
            at += lengthsAndRoles[i];
        }
        return new ParameterTensors(at, t);
    }

    private static final int W = Role.WEIGHT.ordinal();
    private static final int B = Role.BIAS.ordinal();
    private static final int N = Role.NORM.ordinal();

    @Test
    void theTensorsOfEveryLayerKindLieWhereItsLayerPutsThem() {
        NetworkSpec conv = NetworkSpec.builder(Shape.of(1, 5, 5))
                .conv2d(2, 3) // W 2·1·3·3, b 2
                .batchNorm() // gamma 2, beta 2
                .relu()
                .flatten()
                .add(new DenseSpec(3, Init.HE_UNIFORM, false)) // W 3·18, no bias
                .dense(2) // W 2·3, b 2
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(layout(18, W, 2, B, 2, N, 2, N, 54, W, 6, W, 2, B), ParameterTensors.of(conv));
        NetworkSpec text = NetworkSpec.builder(Shape.of(7))
                .embedding(5, 3) // weight 5·3
                .lstm(4, false) // W_ih 16·3, W_hh 16·4, b_ih 16, b_hh 16
                .dense(2) // W 2·4, b 2
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(layout(15, W, 48, W, 64, W, 16, B, 16, B, 8, W, 2, B), ParameterTensors.of(text));
        // the layers themselves agree: a dense or conv bias and batch norm's beta start at 0, gamma at 1
        try (Network net = Network.create(conv, Network.Options.of(Precision.FLOAT64, 1), 3)) {
            double[] p = net.parameters().toDoubles();
            ParameterTensors t = ParameterTensors.of(conv);
            assertArrayEquals(new double[] {0, 0}, slice(p, t.tensors().get(1)));
            assertArrayEquals(new double[] {1, 1}, slice(p, t.tensors().get(2)));
            assertArrayEquals(new double[] {0, 0}, slice(p, t.tensors().get(3)));
            assertArrayEquals(new double[] {0, 0}, slice(p, t.tensors().get(6)));
            assertTrue(slice(p, t.tensors().get(5))[0] != 0);
        }
    }

    private static double[] slice(double[] p, Tensor t) {
        return java.util.Arrays.copyOfRange(p, t.offset(), t.offset() + t.length());
    }

    /** One step of {@code text} on {@code params} laid out as {@code tensors}; returns the parameters. */
    private static double[] step(String text, ParameterTensors tensors, double[] params, double[] grads, double lr) {
        Storage p = Storage.of(Precision.FLOAT64, params);
        OptimizerSpec spec = OptimizerSpecs.parse("t", text);
        spec.kind().keys().create(spec, Precision.FLOAT64, tensors).step(p, Storage.of(Precision.FLOAT64, grads), lr);
        return p.toDoubles();
    }

    @Test
    void larsTakesItsTrustRatioPerTensorAndLeavesExcludedTensorsAtRatioOne() {
        // weight [3, 4], gradient [0.6, 0.8]: q = η·5 / 1 = 0.5; bias [1], gradient [2]: q = η·1 / 2 = 0.05
        ParameterTensors t = layout(2, W, 1, B);
        double[] w = {3, 4, 1};
        double[] g = {0.6, 0.8, 2};
        String lars = "lars lr=1 momentum=0 weight_decay=0 trust_coefficient=0.1";
        assertArrayEquals(new double[] {2.7, 3.6, 0.9}, step(lars + " exclude=none", t, w, g, 1), EXACT);
        // excluded, the bias takes γ·g
        assertArrayEquals(new double[] {2.7, 3.6, -1}, step(lars, t, w, g, 1), EXACT);
        // one norm over the whole vector (‖w‖ = √26, ‖g‖ = 2.2) moves every value by the same factor
        double q = 0.1 * Math.sqrt(26) / Math.sqrt(0.36 + 0.64 + 4);
        assertArrayEquals(
                new double[] {3 - q * 0.6, 4 - q * 0.8, 1 - q * 2},
                step(lars + " exclude=none", ParameterTensors.single(3), w, g, 1),
                EXACT);
    }

    @Test
    void larsDecaysAdaptedTensorsInsideTheRatioAndTheMomentumBufferHoldsTheLearningRate() {
        // q = η·‖w‖ / (‖g‖ + β‖w‖) = 0.1·5 / (1 + 0.2·5) = 0.25; v = γ·q·(g + βw) = 2·0.25·[1.2, 1.6]
        ParameterTensors t = layout(2, W);
        String lars = "lars momentum=0.5 weight_decay=0.2 trust_coefficient=0.1";
        Optimizer o = OptimizerSpecs.parse("t", lars)
                .kind()
                .keys()
                .create(OptimizerSpecs.parse("t", lars), Precision.FLOAT64, t);
        Storage p = Storage.of(Precision.FLOAT64, 3, 4);
        o.step(p, Storage.of(Precision.FLOAT64, 0.6, 0.8), 2);
        assertArrayEquals(new double[] {0.6, 0.8}, o.state().buffers()[0], EXACT);
        assertArrayEquals(new double[] {2.4, 3.2}, p.toDoubles(), EXACT);
        // step 2 at γ = 1: ‖w‖ = 4, q = 0.1·4 / (1 + 0.8) ; v = 0.5·v + 1·q·(g + 0.2w)
        o.step(p, Storage.of(Precision.FLOAT64, 0.6, 0.8), 1);
        double q = 0.4 / 1.8;
        double[] v = {0.3 + q * (0.6 + 0.2 * 2.4), 0.4 + q * (0.8 + 0.2 * 3.2)};
        assertArrayEquals(v, o.state().buffers()[0], EXACT);
        assertArrayEquals(new double[] {2.4 - v[0], 3.2 - v[1]}, p.toDoubles(), EXACT);
    }

    @Test
    void aZeroNormGivesTrustRatioOne() {
        ParameterTensors t = layout(2, W);
        // LARS, ‖w‖ = 0: ratio 1, so w = −γ·g (η·0 / ‖g‖ would not move it)
        assertArrayEquals(
                new double[] {-1.5, 3},
                step(
                        "lars momentum=0 weight_decay=0.1 exclude=none",
                        t,
                        new double[] {0, 0},
                        new double[] {1, -2},
                        1.5),
                EXACT);
        // LARS, ‖g‖ + β‖w‖ = 0: ratio 1 and a zero step, not NaN
        assertArrayEquals(
                new double[] {3, 4},
                step("lars weight_decay=0 exclude=none", t, new double[] {3, 4}, new double[] {0, 0}, 1.5),
                0);
        // LAMB, ‖x‖ = 0: ratio 1, x = −lr·r with r = g / (|g| + ε) on the first step
        double eps = 1e-6;
        assertArrayEquals(
                new double[] {-0.1 * 1 / (1 + eps), 0.1 * 2 / (2 + eps)},
                step("lamb lr=0.1 exclude=none", t, new double[] {0, 0}, new double[] {1, -2}, 0.1),
                EXACT);
        // LAMB, ‖u‖ = 0 (no gradient, no decay): ratio 1 and a zero step, not NaN
        assertArrayEquals(
                new double[] {3, 4},
                step("lamb weight_decay=0 exclude=none", t, new double[] {3, 4}, new double[] {0, 0}, 0.1),
                0);
    }

    /** One float32 step of {@code text} on one bias tensor; returns the stored parameters. */
    private static double[] floatStep(String text, double param, double grad, double lr) {
        Storage p = Storage.of(Precision.FLOAT32, param);
        OptimizerSpec spec = OptimizerSpecs.parse("t", text);
        spec.kind()
                .keys()
                .create(spec, Precision.FLOAT32, layout(1, B))
                .step(p, Storage.of(Precision.FLOAT32, grad), lr);
        return p.toDoubles();
    }

    @Test
    void inFloat32TheStepGoesOnWithTheBufferAsStoredNotTheDoubleItWasComputedIn() {
        // LARS, excluded bias, no momentum: v = γ·g rounded to float, then w − v
        float v = (float) (0.3 * 0.7f);
        float w = (float) (0.5f - v);
        assertNotEquals(w, (float) (0.5f - 0.3 * 0.7f), "the unrounded buffer would give another float");
        assertArrayEquals(new double[] {w}, floatStep("lars momentum=0", 0.5, 0.7, 0.3), 0);
        // LAMB, excluded bias, first step: the moments rounded to float before r
        float m = (float) ((1 - 0.9) * 0.1f);
        float sq = (float) ((1 - 0.999) * 0.1f * 0.1f);
        double r = (m / (1 - 0.9)) / (Math.sqrt(sq / (1 - 0.999)) + 1e-6);
        double unrounded = ((1 - 0.9) * 0.1f / (1 - 0.9)) / (Math.sqrt((1 - 0.999) * 0.1f * 0.1f / (1 - 0.999)) + 1e-6);
        assertNotEquals((float) (1 - r), (float) (1 - unrounded), "the unrounded moments would give another float");
        assertArrayEquals(new double[] {(float) (1 - r)}, floatStep("lamb", 1, 0.1, 1), 0);
    }

    @Test
    void lambExcludesBiasesFromDecayAndRatio() {
        // first step: r = g / (|g| + ε); the weight [3, 4] has u = r + λx, the bias u = r and ratio 1
        ParameterTensors t = layout(2, W, 1, B);
        double eps = 1e-6;
        double r0 = 0.6 / (0.6 + eps);
        double r1 = 0.8 / (0.8 + eps);
        double r2 = 2 / (2 + eps);
        double[] u = {r0 + 0.5 * 3, r1 + 0.5 * 4};
        double q = 5 / Math.hypot(u[0], u[1]);
        assertArrayEquals(
                new double[] {3 - 0.1 * q * u[0], 4 - 0.1 * q * u[1], 1 - 0.1 * r2},
                step("lamb lr=0.1 weight_decay=0.5", t, new double[] {3, 4, 1}, new double[] {0.6, 0.8, 2}, 0.1),
                EXACT);
    }

    @Test
    void theModelFileLineHoldsTheirOwnKeysAndReadsBack() {
        OptimizerSpec lamb = OptimizerSpecs.parse("t", "lamb lr=0.01 exclude=none");
        assertEquals("lamb lr=0.01 beta1=0.9 beta2=0.999 eps=1.0E-6 weight_decay=0.01 exclude=none", lamb.toText());
        OptimizerSpec lars = OptimizerSpec.defaults(OptimizerSpec.Kind.LARS);
        assertEquals(
                "lars lr=1.0 momentum=0.9 weight_decay=5.0E-4 trust_coefficient=0.001 exclude=bias_and_norm",
                lars.toText());
        for (OptimizerSpec s : List.of(lamb, lars)) {
            assertEquals(s, OptimizerSpecs.parse("optimizer spec", s.toText()));
            assertEquals(s, OptimizerSpecs.read(s.kind().text(), new SpecFields("c.json", "optimizer", s.fields())));
        }
        assertEquals(
                ParameterTensors.Exclude.BIAS_AND_NORM,
                ((LambSpec) OptimizerSpec.defaults(OptimizerSpec.Kind.LAMB)).exclude());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "lamb|exclude|biases|c.json: key 'optimizer.exclude' must be one of none, bias_and_norm, got 'biases'",
                "lars|exclude|1|c.json: key 'optimizer.exclude' must be one of none, bias_and_norm, got 1",
                "lars|exclude|true|c.json: key 'optimizer.exclude' must be one of none, bias_and_norm, got true",
                "lars|trust_coefficient|-0.001|c.json: key 'optimizer.trust_coefficient' must be a finite number >= 0, got -0.001",
                "lars|momentum|1.5|c.json: key 'optimizer.momentum' must be in [0, 1], got 1.5",
                "lars|weight_decay|-1|c.json: key 'optimizer.weight_decay' must be a finite number >= 0, got -1",
                "lamb|beta2|1|c.json: key 'optimizer.beta2' must be in [0, 1) as PyTorch requires, got 1.0",
                "lamb|eps|-1e-6|c.json: key 'optimizer.eps' must be a finite number >= 0, got -1e-6",
                "lars|trust_coef|0.01|c.json: unknown key 'optimizer.trust_coef'",
                "lamb|momentum|0.9|c.json: key 'optimizer.momentum' does not apply to lamb (it takes lr, beta1, beta2, eps, "
                        + "weight_decay, exclude)",
                "lars|beta1|0.5|c.json: key 'optimizer.beta1' does not apply to lars (it takes lr, momentum, weight_decay, "
                        + "trust_coefficient, exclude)"
            })
    void aBadKeyIsAnErrorNamingTheDottedKey(String kind, String key, String value, String message) {
        SpecException e = assertThrows(
                SpecException.class,
                () -> OptimizerSpecs.read(
                        kind, new SpecFields("c.json", "optimizer", Map.of(key, SpecValue.parse(value)))));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aNetworkWithALayerOfUnknownLayoutIsRefusedNotGuessed() {
        // every layer kind with parameters has a layout: the network of every kind builds one
        NetworkSpec all = NetworkSpec.builder(Shape.of(1, 4, 4))
                .conv2d(1, 3)
                .batchNorm()
                .flatten()
                .dense(2)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(all.paramCount(), ParameterTensors.of(all).count());
        assertThrows(
                IllegalArgumentException.class, () -> new ParameterTensors(3, List.of(new Tensor(0, 2, Role.WEIGHT))));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ParameterTensors(3, List.of(new Tensor(0, 2, Role.WEIGHT), new Tensor(1, 2, Role.BIAS))));
    }
}
