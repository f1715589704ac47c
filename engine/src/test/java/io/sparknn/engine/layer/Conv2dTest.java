package io.sparknn.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Fixtures;
import io.sparknn.engine.GradientCheck;
import io.sparknn.engine.LossResult;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.init.Init;
import io.sparknn.engine.loss.LossKind;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class Conv2dTest {

    private static Conv2dSpec conv(int filters, int kh, int kw, int sh, int sw, int ph, int pw) {
        return new Conv2dSpec(filters, kh, kw, sh, sw, ph, pw, Init.HE_UNIFORM);
    }

    private static double[] random(int count, long seed) {
        return Fixtures.inputs(Precision.FLOAT64, count, seed).toDoubles();
    }

    private static void assertGradientsMatch(NetworkSpec spec, int n, int classes, long seed) {
        Network net = Fixtures.float64(spec, seed);
        Batch b = Batch.of(
                Fixtures.inputs(Precision.FLOAT64, n * spec.input().size(), seed + 1),
                n,
                Fixtures.labels(n, classes, seed + 2));
        GradientCheck.Result r = GradientCheck.check(net, b);
        assertTrue(r.paramError() < 1e-6, "parameter error " + r);
        assertTrue(r.inputError() < 1e-6, "input error " + r);
    }

    @Test
    void stridedPaddedConvGradientsMatchCentralDifferences() {
        // (2, 7, 5) → kernel 3x2, stride 2, padding 1 → (3, 4, 3): out = (7 + 2 − 3)/2 + 1, (5 + 2 − 2)/2 + 1
        Conv2dSpec c = conv(3, 3, 2, 2, 2, 1, 1);
        NetworkSpec spec =
                NetworkSpec.builder(Shape.of(2, 7, 5)).add(c).flatten().dense(4).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(Shape.of(3, 4, 3), spec.shapeBefore(1));
        assertGradientsMatch(spec, 3, 4, 21);
    }

    @Test
    void unpaddedStrideOneConvGradientsMatchCentralDifferences() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(3, 6, 5))
                .conv2d(4, 3, 2, 1, 0)
                .flatten()
                .dense(3)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(Shape.of(4, 4, 4), spec.shapeBefore(1));
        assertGradientsMatch(spec, 2, 3, 31);
    }

    @Test
    void convReluMaxPoolDenseNetworkGradientsMatchCentralDifferences() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(2, 9, 8))
                .conv2d(3, 3, 3, 1, 1)
                .relu()
                .maxPool2d(2)
                .flatten()
                .dense(5)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(Shape.of(3, 4, 4), spec.shapeBefore(3));
        // two examples: the round-off of central differences grows with the loss sum (≈ 1e-10 at a
        // sum of 5), and gradients under GradientCheck's 1e-4 floor would then read as 1e-6 errors
        assertGradientsMatch(spec, 2, 5, 41);
    }

    /**
     * One 3x3 image [[1,2,3],[4,5,6],[7,8,9]], two 2x2 filters, stride 2, padding 1. Padded to 5x5, the
     * four windows are [[0,0],[0,1]], [[0,0],[2,3]], [[0,4],[0,7]], [[5,6],[8,9]].
     * Filter A = [[1,2],[3,4]], b = 0.5: 4, 6+12, 8+28, 5+12+24+36 → 4.5, 18.5, 36.5, 77.5.
     * Filter B = [[0,−1],[1,0]], b = −1: 0, 2, −4, −6+8 → −1, 1, −5, 1.
     * A second, all-zero image gives the biases alone. (PyTorch 1.13's F.conv2d gives the same y and gradients.)
     */
    @Test
    void handComputedForwardAndBackward() {
        Conv2dSpec c = conv(2, 2, 2, 2, 2, 1, 1);
        double[] params = {1, 2, 3, 4, 0, -1, 1, 0, 0.5, -1};
        SingleLayer h = SingleLayer.of(c, Shape.of(1, 3, 3), Precision.FLOAT64, params);
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertArrayEquals(
                new double[] {4.5, 18.5, 36.5, 77.5, -1, 1, -5, 1, 0.5, 0.5, 0.5, 0.5, -1, -1, -1, -1},
                h.forward(x, 2),
                0);

        double[] dy = {1, 2, 3, 4, 10, 20, 30, 40, 1, 1, 1, 1, 1, 1, 1, 1};
        double[] dx = h.backward(dy, 2);
        // Windows do not overlap, so each pixel takes one window's dy times its weight in each filter:
        // pixel 1 sits at (1,1) of window 0: 1·4 + 10·0; pixel 2 at (1,0) of window 1: 2·3 + 20·1; ...
        assertArrayEquals(new double[] {4, 26, 8, -24, 4, -32, 12, 52, 16}, java.util.Arrays.copyOf(dx, 9), 0);
        double[] g = h.grads.toDoubles();
        // one bias per filter: the sum of that filter's dy over both examples and all positions
        assertEquals(1 + 2 + 3 + 4 + 4, g[8]);
        assertEquals(10 + 20 + 30 + 40 + 4, g[9]);
        // dW_A[1][1] = Σ dy_A · (bottom-right of each window) = 1·1 + 2·3 + 3·7 + 4·9
        assertEquals(64, g[3]);
        // dW_B[0][1] = Σ dy_B · (top-right of each window) = 10·0 + 20·0 + 30·4 + 40·6
        assertEquals(360, g[5]);
    }

    /** Shapes with odd sizes, stride > 1, padding (even wider than the kernel) and several batch chunkings. */
    @Test
    void im2colGemmPathEqualsDirectLoops() {
        checkAgainstNaive(Shape.of(2, 7, 5), conv(3, 3, 2, 2, 2, 1, 1), 3, Conv2d.DEFAULT_COL_BUDGET);
        checkAgainstNaive(Shape.of(3, 9, 8), conv(5, 4, 3, 3, 2, 2, 1), 4, 1);
        checkAgainstNaive(Shape.of(3, 9, 8), conv(5, 4, 3, 3, 2, 2, 1), 5, 3 * 36 * 12);
        checkAgainstNaive(Shape.of(1, 5, 5), conv(2, 5, 5, 1, 1, 0, 0), 2, Conv2d.DEFAULT_COL_BUDGET);
        checkAgainstNaive(Shape.of(2, 6, 7), conv(3, 1, 1, 1, 1, 0, 0), 3, Conv2d.DEFAULT_COL_BUDGET);
        checkAgainstNaive(Shape.of(1, 3, 4), conv(2, 2, 2, 1, 3, 3, 2), 2, Conv2d.DEFAULT_COL_BUDGET);
        checkAgainstNaive(Shape.of(2, 11, 10), conv(4, 3, 5, 2, 3, 0, 2), 3, 2 * 30 * 20);
    }

    private static void checkAgainstNaive(Shape in, Conv2dSpec spec, int n, int colBudget) {
        String what = spec.toText() + " over " + in + " n=" + n + " budget " + colBudget;
        double[] params = random(spec.paramCount(in), 7);
        SingleLayer h = SingleLayer.of(spec, in, Precision.FLOAT64, params, ctx -> new Conv2d(ctx, spec, colBudget));
        // a larger batch first, so the second pass runs in storages longer than it needs
        for (int pass = 0; pass < 2; pass++) {
            int m = pass == 0 ? n + 1 : n;
            double[] x = random(m * in.size(), 100 + pass);
            double[] dy = random(m * spec.outputShape(in).size(), 200 + pass);
            h.grads.zero(0, params.length);
            double[] y = h.forward(x, m);
            double[] dx = h.backward(dy, m);
            NaiveConv.Gradients want = NaiveConv.backward(spec, in, x, m, params, dy);
            assertArrayEquals(NaiveConv.forward(spec, in, x, m, params), y, 1e-12, "y of " + what);
            assertArrayEquals(want.dx(), dx, 1e-12, "dx of " + what);
            assertArrayEquals(want.dParams(), h.grads.toDoubles(), 1e-12, "dW, db of " + what);
        }
    }

    @Test
    void withoutBiasTheIm2colGemmPathEqualsDirectLoops() {
        // one chunk, several chunks, and one example per chunk: each layout move runs without the bias
        Conv2dSpec c = new Conv2dSpec(3, 3, 2, 2, 2, 1, 1, Init.HE_UNIFORM, false);
        checkAgainstNaive(Shape.of(2, 7, 5), c, 3, Conv2d.DEFAULT_COL_BUDGET);
        checkAgainstNaive(Shape.of(2, 7, 5), c, 4, 2 * 6 * 12);
        checkAgainstNaive(Shape.of(2, 7, 5), c, 3, 1);
        checkAgainstNaive(
                Shape.of(2, 11, 10), new Conv2dSpec(4, 3, 5, 2, 3, 0, 2, Init.HE_UNIFORM, false), 3, 2 * 30 * 20);
    }

    @Test
    void withoutBiasGradientsMatchCentralDifferences() {
        // a conv without a bias after another: the second needs input gradients, the first does not
        NetworkSpec spec = NetworkSpec.builder(Shape.of(2, 7, 5))
                .add(new Conv2dSpec(3, 3, 2, 2, 2, 1, 1, Init.HE_UNIFORM, false))
                .relu()
                .add(new Conv2dSpec(2, 2, 2, 1, 1, 0, 0, Init.HE_UNIFORM, false))
                .flatten()
                .dense(4)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(3 * 2 * 3 * 2 + 2 * 3 * 2 * 2 + (2 * 3 * 2 * 4 + 4), spec.paramCount(), "no conv biases");
        assertGradientsMatch(spec, 3, 4, 51);
    }

    /**
     * The hand-computed case above without its biases: every output is the weights' sum alone (4, 18,
     * 36, 77 and 0, 2, −4, 2), dx and dW are unchanged, and there is no bias gradient.
     */
    @Test
    void withoutBiasForwardAddsNoneAndBackwardGivesTheWeightsGradientOnly() {
        Conv2dSpec c = new Conv2dSpec(2, 2, 2, 2, 2, 1, 1, Init.HE_UNIFORM, false);
        assertEquals(8, c.paramCount(Shape.of(1, 3, 3)));
        SingleLayer h = SingleLayer.of(c, Shape.of(1, 3, 3), Precision.FLOAT64, new double[] {1, 2, 3, 4, 0, -1, 1, 0});
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertArrayEquals(new double[] {4, 18, 36, 77, 0, 2, -4, 2, 0, 0, 0, 0, 0, 0, 0, 0}, h.forward(x, 2), 0);
        double[] dy = {1, 2, 3, 4, 10, 20, 30, 40, 1, 1, 1, 1, 1, 1, 1, 1};
        assertArrayEquals(
                new double[] {4, 26, 8, -24, 4, -32, 12, 52, 16}, java.util.Arrays.copyOf(h.backward(dy, 2), 9), 0);
        double[] g = h.grads.toDoubles();
        assertEquals(8, g.length);
        assertEquals(64, g[3]);
        assertEquals(360, g[5]);
    }

    @Test
    void firstLayerComputesParameterGradientsOnly() {
        // chunked with one example per chunk: backward must unfold each chunk again for dW
        Conv2dSpec spec = conv(3, 3, 2, 2, 1, 1, 0);
        Shape in = Shape.of(2, 6, 5);
        int n = 3;
        double[] params = random(spec.paramCount(in), 17);
        double[] x = random(n * in.size(), 18);
        double[] dy = random(n * spec.outputShape(in).size(), 19);
        for (int budget : new int[] {1, Conv2d.DEFAULT_COL_BUDGET}) {
            SingleLayer h =
                    SingleLayer.of(spec, in, Precision.FLOAT64, params, false, ctx -> new Conv2d(ctx, spec, budget));
            h.forward(x, n);
            assertNull(h.backward(dy, n));
            assertArrayEquals(NaiveConv.backward(spec, in, x, n, params, dy).dParams(), h.grads.toDoubles(), 1e-12);
        }
    }

    @Test
    void outputsAndInputGradientsReuseTheirStorages() {
        Conv2dSpec spec = conv(2, 3, 3, 1, 1, 1, 1);
        Shape in = Shape.of(2, 5, 4);
        SingleLayer h = SingleLayer.of(spec, in, Precision.FLOAT32, random(spec.paramCount(in), 3));
        Storage x = Storage.of(Precision.FLOAT32, random(3 * in.size(), 4));
        Storage dy =
                Storage.of(Precision.FLOAT32, random(3 * spec.outputShape(in).size(), 5));
        Storage y1 = h.layer.forward(x, 3, ForwardPass.INFERENCE);
        Storage dx1 = h.layer.backward(dy, 3);
        assertSame(y1, h.layer.forward(x, 2, ForwardPass.INFERENCE));
        assertSame(dx1, h.layer.backward(dy, 2));
    }

    @Test
    void float32AgreesWithFloat64() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(2, 9, 8))
                .conv2d(4, 3, 3, 1, 1)
                .relu()
                .maxPool2d(2)
                .conv2d(3, 2, 2, 1, 0)
                .flatten()
                .dense(5)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        int n = 6;
        // float32-representable parameters and inputs, so the two runs differ only in arithmetic
        double[] params = Storage.of(
                        Precision.FLOAT32,
                        Fixtures.float64(spec, 5).parameters().toDoubles())
                .toDoubles();
        double[] x =
                Fixtures.inputs(Precision.FLOAT32, n * spec.input().size(), 6).toDoubles();
        double[] g64 = new double[params.length];
        double[] g32 = new double[params.length];
        // float64 also computes input gradients, so its first conv takes the other backward path
        // (col overwritten by dcol) while float32 keeps the forward's col
        double loss64 = gradients(spec, new Network.Options(Precision.FLOAT64, 1, true), params, x, n, g64);
        double loss32 = gradients(spec, Network.Options.of(Precision.FLOAT32, 1), params, x, n, g32);
        assertEquals(loss64, loss32, 1e-5 * Math.abs(loss64));
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < params.length; i++) {
            scale = Math.max(scale, Math.abs(g64[i]));
            diff = Math.max(diff, Math.abs(g64[i] - g32[i]));
        }
        assertTrue(scale > 0.1, "gradients too small to compare: " + scale);
        assertTrue(diff < 1e-5 * scale, "float32 gradients differ by " + diff + " of " + scale);
    }

    private static double gradients(
            NetworkSpec spec, Network.Options o, double[] params, double[] x, int n, double[] out) {
        try (Network net = Network.of(spec, o, params, new double[0])) {
            LossResult r = net.computeGradients(Batch.of(Storage.of(o.precision(), x), n, Fixtures.labels(n, 5, 8)));
            System.arraycopy(net.gradients().toDoubles(), 0, out, 0, out.length);
            return r.sum();
        }
    }

    @Test
    void twoThreadsGiveTheGradientsOfOne() {
        // each thread runs its own layer copies: shared unfold or argmax buffers would mix examples
        NetworkSpec spec = NetworkSpec.builder(Shape.of(2, 9, 8))
                .conv2d(4, 3, 3, 1, 1)
                .relu()
                .maxPool2d(2)
                .conv2d(3, 2, 2, 1, 0)
                .flatten()
                .dense(5)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        int n = 7;
        double[] params = Fixtures.float64(spec, 9).parameters().toDoubles();
        double[] x =
                Fixtures.inputs(Precision.FLOAT64, n * spec.input().size(), 10).toDoubles();
        double[] one = new double[params.length];
        double[] two = new double[params.length];
        double loss1 = gradients(spec, Network.Options.of(Precision.FLOAT64, 1), params, x, n, one);
        double loss2 = gradients(spec, Network.Options.of(Precision.FLOAT64, 2), params, x, n, two);
        assertEquals(loss1, loss2, 1e-12 * Math.abs(loss1));
        assertArrayEquals(one, two, 1e-12);
    }

    @Test
    void summaryCountsNoBiasWithoutOne() {
        // 32 filters of 3·5·5 weights
        NetworkSpec spec = NetworkSpec.builder(Shape.of(3, 32, 32))
                .add(new Conv2dSpec(32, 5, 5, 1, 1, 0, 0, Init.HE_UNIFORM, false))
                .flatten()
                .dense(10)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(2_400, spec.layers().get(0).paramCount(spec.input()));
        assertTrue(
                Pattern.compile("(?m)^1\\s+conv2d\\s+32x28x28\\s+2,400$")
                        .matcher(spec.summary())
                        .find(),
                spec.summary());
    }

    @Test
    void summaryCountsOneBiasPerFilter() {
        // 32 filters of 3·5·5 weights plus 32 biases
        NetworkSpec spec = NetworkSpec.builder(Shape.of(3, 32, 32))
                .conv2d(32, 5)
                .flatten()
                .dense(10)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(2_432, spec.layers().get(0).paramCount(spec.input()));
        assertTrue(
                Pattern.compile("(?m)^1\\s+conv2d\\s+32x28x28\\s+2,432$")
                        .matcher(spec.summary())
                        .find(),
                spec.summary());
    }
}
