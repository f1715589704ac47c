package io.sparknn.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.sparknn.engine.Golden;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.init.Init;
import org.junit.jupiter.api.Test;

/** Conv2d and the pools against PyTorch 1.13 (tools/pytorch/conv_pool_golden.py), forward and backward. */
class ConvPoolGoldenTest {
    static final Golden G = Golden.load("conv_pool.txt");

    static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void conv2dMatchesPyTorch() {
        Conv2dSpec spec = new Conv2dSpec(3, 3, 2, 2, 2, 1, 1, Init.HE_UNIFORM);
        SingleLayer l =
                SingleLayer.of(spec, Shape.of(2, 7, 5), Precision.FLOAT64, concat(G.get("conv.w"), G.get("conv.b")));
        assertArrayEquals(G.get("conv.y"), l.forward(G.get("conv.x"), 2), 1e-12);
        assertArrayEquals(G.get("conv.dx"), l.backward(G.get("conv.dy"), 2), 1e-12);
        double[] grads = l.grads.toDoubles();
        double[] dw = G.get("conv.dw");
        assertArrayEquals(dw, java.util.Arrays.copyOf(grads, dw.length), 1e-12);
        assertArrayEquals(
                G.get("conv.db"),
                java.util.Arrays.copyOfRange(grads, dw.length, grads.length),
                1e-12,
                "one bias per filter, its gradient summed over the batch and positions");
    }

    @Test
    void conv2dWithoutBiasMatchesPyTorch() {
        // nn.Conv2d(3, 4, 3, stride=1, padding=1, bias=False) on 2 examples of 6x5: the weights are all the parameters
        Conv2dSpec spec = new Conv2dSpec(4, 3, 3, 1, 1, 1, 1, Init.HE_UNIFORM, false);
        SingleLayer l = SingleLayer.of(spec, Shape.of(3, 6, 5), Precision.FLOAT64, G.get("conv_nobias.w"));
        assertArrayEquals(G.get("conv_nobias.y"), l.forward(G.get("conv_nobias.x"), 2), 1e-12);
        assertArrayEquals(G.get("conv_nobias.dx"), l.backward(G.get("conv_nobias.dy"), 2), 1e-12);
        assertArrayEquals(G.get("conv_nobias.dw"), l.grads.toDoubles(), 1e-12);
    }

    @Test
    void poolsMatchPyTorch() {
        for (boolean max : new boolean[] {true, false}) {
            String name = max ? "maxpool" : "avgpool";
            SingleLayer l = SingleLayer.of(
                    new Pool2dSpec(max, 3, 3, 2, 2), Shape.of(2, 7, 6), Precision.FLOAT64, new double[0]);
            assertArrayEquals(G.get(name + ".y"), l.forward(G.get(name + ".x"), 3), 1e-12, name);
            assertArrayEquals(G.get(name + ".dx"), l.backward(G.get(name + ".dy"), 3), 1e-12, name);
        }
    }
}
