package io.sparknn.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Pool2dTest {

    /** count values, pairwise at least 0.01 apart in shuffled order, so no window holds a near-tie. */
    private static Storage distinct(int count, long seed) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = count - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Storage s = Storage.allocate(Precision.FLOAT64, count);
        for (int i = 0; i < count; i++) {
            s.set(i, (order[i] - count / 2.0) * 0.01);
        }
        return s;
    }

    private static GradientCheck.Result check(Network net, Batch b) {
        GradientCheck.Result r = GradientCheck.check(net, b);
        assertTrue(r.paramError() < 1e-6, "parameter error " + r);
        assertTrue(r.inputError() < 1e-6, "input error " + r);
        return r;
    }

    @Test
    void overlappingMaxPoolGradientsMatchCentralDifferencesPerExample() {
        // kernel 3, stride 2 over (2, 7, 6) → (2, 3, 2); windows share a row and a column
        NetworkSpec spec = NetworkSpec.builder(Shape.of(2, 7, 6))
                .add(new Pool2dSpec(true, 3, 3, 2, 2))
                .flatten()
                .dense(3)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(Shape.of(2, 3, 2), spec.shapeBefore(1));
        int n = 3;
        Network net = Fixtures.float64(spec, 12);
        Batch b = Batch.of(distinct(n * 84, 13), n, Fixtures.labels(n, 3, 14));
        check(net, b);
        // the gradient reaches only argmax positions: their pattern is each example's own
        boolean[][] routed = new boolean[n][84];
        for (int e = 0; e < n; e++) {
            for (int i = 0; i < 84; i++) {
                routed[e][i] = net.inputGradient().get(e * 84 + i) != 0;
            }
        }
        assertFalse(Arrays.equals(routed[0], routed[1]), "examples 0 and 1 should have different argmax positions");
        assertFalse(Arrays.equals(routed[1], routed[2]), "examples 1 and 2 should have different argmax positions");
    }

    @Test
    void avgPoolGradientsMatchCentralDifferences() {
        // kernel 2x3, stride 1x2 over (3, 5, 7) → (3, 4, 3)
        NetworkSpec spec = NetworkSpec.builder(Shape.of(3, 5, 7))
                .add(new Pool2dSpec(false, 2, 3, 1, 2))
                .flatten()
                .dense(4)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(Shape.of(3, 4, 3), spec.shapeBefore(1));
        int n = 2;
        check(
                Fixtures.float64(spec, 22),
                Batch.of(Fixtures.inputs(Precision.FLOAT64, n * 105, 23), n, Fixtures.labels(n, 4, 24)));
    }

    private static SingleLayer pool(boolean max, int k, int s, Shape in) {
        return SingleLayer.of(new Pool2dSpec(max, k, k, s, s), in, Precision.FLOAT64, new double[0]);
    }

    @Test
    void maxPoolTiesGoToTheFirstMaximumInRowMajorOrder() {
        // (1, 2, 4), kernel 2: window 0 is [[7,7],[7,7]], window 1 is [[1,3],[3,2]]
        SingleLayer h = pool(true, 2, 2, Shape.of(1, 2, 4));
        assertArrayEquals(new double[] {7, 3}, h.forward(new double[] {7, 7, 1, 3, 7, 7, 3, 2}, 1), 0);
        // window 0 → its top-left; window 1 → row 0, column 1 (the 3 before the 3 below-left)
        assertArrayEquals(new double[] {5, 0, 0, 6, 0, 0, 0, 0}, h.backward(new double[] {5, 6}, 1), 0);
        // −0 and +0 are equal: the first wins, although +0 has the larger bit pattern
        SingleLayer z = pool(true, 2, 2, Shape.of(1, 2, 2));
        z.forward(new double[] {-0.0, 0.0, 0.0, -1}, 1);
        assertArrayEquals(new double[] {1, 0, 0, 0}, z.backward(new double[] {1}, 1), 0);
        // (PyTorch 1.13's max_pool2d routes all three cases the same way)
    }

    @Test
    void overlappingWindowsSharingAnArgmaxAddTheirGradients() {
        // (1, 3, 3) with its maximum in the centre; kernel 2 stride 1: all four windows pick it
        SingleLayer h = pool(true, 2, 1, Shape.of(1, 3, 3));
        assertArrayEquals(new double[] {9, 9, 9, 9}, h.forward(new double[] {1, 2, 3, 4, 9, 5, 6, 7, 8}, 1), 0);
        assertArrayEquals(new double[] {0, 0, 0, 0, 10, 0, 0, 0, 0}, h.backward(new double[] {1, 2, 3, 4}, 1), 0);
    }

    @Test
    void floorOutputSizeIgnoresTheLastRowAndColumn() {
        // (1, 3, 3), kernel 2 stride 2 → one window over the top-left 2x2; the 100 lies outside every window
        SingleLayer h = pool(true, 2, 2, Shape.of(1, 3, 3));
        assertArrayEquals(new double[] {4}, h.forward(new double[] {1, 2, 0, 3, 4, 0, 0, 0, 100}, 1), 0);
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 0, 0, 0, 0}, h.backward(new double[] {1}, 1), 0);
    }

    @Test
    void maxPoolPropagatesNaN() {
        SingleLayer h = pool(true, 2, 2, Shape.of(1, 2, 2));
        assertTrue(Double.isNaN(h.forward(new double[] {1, Double.NaN, 3, 2}, 1)[0]));
    }

    @Test
    void maxPoolArgmaxIsPerExample() {
        // two examples of (1, 2, 2): the maximum is top-left in the first, bottom-right in the second
        SingleLayer h = pool(true, 2, 2, Shape.of(1, 2, 2));
        assertArrayEquals(new double[] {4, 8}, h.forward(new double[] {4, 1, 2, 3, 5, 6, 7, 8}, 2), 0);
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0, 0, 2}, h.backward(new double[] {1, 2}, 2), 0);
    }

    @Test
    void avgPoolAveragesAndSpreadsTheGradientEvenly() {
        // (1, 2, 4), kernel 2: means of [[1,2],[5,6]] and [[3,4],[7,8]]; each input gets dy/4
        SingleLayer h = pool(false, 2, 2, Shape.of(1, 2, 4));
        assertArrayEquals(new double[] {3.5, 5.5}, h.forward(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 1), 0);
        assertArrayEquals(new double[] {1, 1, 2, 2, 1, 1, 2, 2}, h.backward(new double[] {4, 8}, 1), 0);
    }

    @Test
    void overlappingAvgPoolAddsTheSharesOfEveryCoveringWindow() {
        // (1, 1, 3), kernel 1x2 stride 1: windows [0,1] and [1,2]; the middle gets both halves
        SingleLayer h =
                SingleLayer.of(new Pool2dSpec(false, 1, 2, 1, 1), Shape.of(1, 1, 3), Precision.FLOAT64, new double[0]);
        assertArrayEquals(new double[] {1.5, 2.5}, h.forward(new double[] {1, 2, 3}, 1), 0);
        assertArrayEquals(new double[] {1, 1 + 2, 2}, h.backward(new double[] {2, 4}, 1), 0);
    }
}
