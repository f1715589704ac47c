package io.sparknn.engine.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every initialisation on a dense and a conv2d layer whose fan-in and fan-out differ, against
 * PyTorch's torch.nn.init formulas written out here independently of {@link Init}: a swapped fan,
 * a forgotten kernel area or gain, or a normal where a uniform belongs changes what is asserted.
 */
class InitTest {
    /** dense: fan_in 300, fan_out 200, 60,000 weights (PyTorch's Linear weight is (out, in)). */
    static final int IN = 300;

    static final int UNITS = 200;
    /** conv2d: 32 channels, 64 filters, kernel 3×5: fan_in = 32·15 = 480, fan_out = 64·15 = 960, 30,720 weights. */
    static final int CHANNELS = 32;

    static final int FILTERS = 64;
    static final int KH = 3;
    static final int KW = 5;
    /**
     * Relative tolerance of the sample variance: its relative standard deviation is √(2/N) for a
     * normal (0.8% at N = 30,720) and √(0.8/N) for a uniform, so 4% is five standard deviations.
     */
    static final double VARIANCE_TOL = 0.04;

    record Layer(String name, NetworkSpec spec, int weights, int biases, int fanIn, int fanOut) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Layer dense(Init init) {
        return new Layer(
                "dense",
                NetworkSpec.builder(Shape.of(IN)).init(init).dense(UNITS).build(LossKind.MSE),
                IN * UNITS,
                UNITS,
                IN,
                UNITS);
    }

    static Layer conv(Init init) {
        // stride 1, padding 0 over (32, 7, 9): the output is (64, 5, 5)
        NetworkSpec s = NetworkSpec.builder(Shape.of(CHANNELS, 7, 9))
                .init(init)
                .conv2d(FILTERS, KH, KW, 1, 0)
                .build(LossKind.MSE);
        return new Layer("conv2d", s, FILTERS * CHANNELS * KH * KW, FILTERS, CHANNELS * KH * KW, FILTERS * KH * KW);
    }

    static List<Object[]> cases() {
        List<Object[]> out = new ArrayList<>();
        for (Init i : Init.values()) {
            for (Precision p : Precision.values()) {
                out.add(new Object[] {i, dense(i), p});
                out.add(new Object[] {i, conv(i), p});
            }
        }
        return out;
    }

    static boolean uniform(Init i) {
        return i == Init.XAVIER_UNIFORM || i == Init.HE_UNIFORM || i == Init.LECUN_UNIFORM;
    }

    /** The variance of torch.nn.init's scheme: xavier gain 1, kaiming a = 0 with ReLU (gain √2), LeCun gain 1 on fan_in. */
    static double pytorchVariance(Init i, int fanIn, int fanOut) {
        return switch (i) {
            // xavier_uniform_: bound = gain·√(6 / (fan_in + fan_out)), variance bound² / 3
            case XAVIER_UNIFORM -> Math.pow(Math.sqrt(6.0 / (fanIn + fanOut)), 2) / 3;
            // xavier_normal_: std = gain·√(2 / (fan_in + fan_out))
            case XAVIER_NORMAL -> 2.0 / (fanIn + fanOut);
            // kaiming_uniform_: bound = √3 · gain / √fan_in = √2·√(3 / fan_in)
            case HE_UNIFORM -> Math.pow(Math.sqrt(2) * Math.sqrt(3.0 / fanIn), 2) / 3;
            // kaiming_normal_: std = gain / √fan_in
            case HE_NORMAL -> 2.0 / fanIn;
            // LeCun: variance 1 / fan_in; uniform bound √(3 / fan_in)
            case LECUN_UNIFORM -> Math.pow(Math.sqrt(3.0 / fanIn), 2) / 3;
            case LECUN_NORMAL -> 1.0 / fanIn;
        };
    }

    static double[] params(Layer l, Precision p, long seed) {
        try (Network net = Network.create(l.spec(), Network.Options.of(p, 1), seed)) {
            return net.parameters().toDoubles();
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void weightsFollowPyTorchsDistributionAndBiasesAreZero(Init init, Layer l, Precision p) {
        double[] all = params(l, p, 42);
        assertEquals(l.weights() + l.biases(), all.length);
        double[] w = Arrays.copyOf(all, l.weights());
        double variance = pytorchVariance(init, l.fanIn(), l.fanOut());
        double std = Math.sqrt(variance);
        String at = init.text() + " on " + l.name();

        double mean = Arrays.stream(w).average().orElseThrow();
        double sampleVariance =
                Arrays.stream(w).map(v -> (v - mean) * (v - mean)).sum() / (w.length - 1);
        assertEquals(variance, sampleVariance, VARIANCE_TOL * variance, at + " variance");
        assertEquals(0, mean, 5 * std / Math.sqrt(w.length), at + " mean");

        double max = Arrays.stream(w).map(Math::abs).max().orElseThrow();
        if (uniform(init)) {
            double bound = Math.sqrt(3 * variance);
            // float32 rounds a value just inside the bound to at most the float above it
            assertTrue(max <= bound * (1 + 1e-7), at + ": |w| " + max + " beyond the bound " + bound);
            // the largest of N uniforms falls short of the bound by about bound/N
            assertTrue(max >= bound * (1 - 1e-3), at + ": |w| reaches only " + max + " of " + bound);
        } else {
            // a uniform of this variance stops at √3·σ; a normal over 30,000 draws passes 3.5σ
            assertTrue(max > 3.5 * std, at + ": largest |w| " + max + " is " + max / std + " σ, not normal tails");
        }
        for (int i = l.weights(); i < all.length; i++) {
            assertEquals(0.0, all[i], 0, at + " bias " + (i - l.weights()));
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void theSameSeedGivesTheSameBitsAndAnotherSeedOtherWeights(Init init, Layer l, Precision p) {
        double[] a = params(l, p, 42);
        assertArrayEquals(a, params(l, p, 42));
        double[] b = params(l, p, 43);
        int same = 0;
        for (int i = 0; i < l.weights(); i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        assertEquals(0, same, init.text() + " on " + l.name() + ": weights equal under seeds 42 and 43");
    }

    @ParameterizedTest
    @EnumSource(Init.class)
    void twoLayersOfTheSameShapeDrawDifferentWeights(Init init) {
        Precision p = Precision.FLOAT64;
        // Each layer's generator is seeded with its index as well as the network's seed.
        NetworkSpec s =
                NetworkSpec.builder(Shape.of(40)).init(init).dense(40).dense(40).build(LossKind.MSE);
        try (Network net = Network.create(s, Network.Options.of(p, 1), 42)) {
            double[] all = net.parameters().toDoubles();
            int stride = 40 * 40 + 40;
            int same = 0;
            for (int i = 0; i < 40 * 40; i++) {
                same += all[i] == all[stride + i] ? 1 : 0;
            }
            assertEquals(0, same, init.text());
        }
    }
}
