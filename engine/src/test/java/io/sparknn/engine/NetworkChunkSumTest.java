package io.sparknn.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import org.junit.jupiter.api.Test;

/**
 * A network with threads cuts a batch into contiguous chunks and adds the chunks' gradient sums
 * in chunk order, so its bits are those of one-thread chunk sums added in that order, whatever
 * order the threads finish in.
 */
class NetworkChunkSumTest {
    private static final Precision F32 = Precision.FLOAT32;

    @Test
    void threeThreadsGiveTheChunkGradientsAddedInChunkOrderBitForBit() {
        NetworkSpec s =
                NetworkSpec.builder(Shape.of(200)).dense(200).relu().dense(5).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        double[] params =
                Network.create(s, Network.Options.of(F32, 1), 3).parameters().toDoubles();
        int n = 11;
        Storage x = Fixtures.inputs(F32, n * 200, 4);
        int[] y = Fixtures.labels(n, 5, 5).labels();
        int[] starts = {0, 3, 7, 11}; // n·c/3 for c = 0..3, the network's own cut

        float[] expected = null;
        try (Network one = Network.of(s, Network.Options.of(F32, 1), params, new double[0])) {
            for (int c = 0; c < 3; c++) {
                int m = starts[c + 1] - starts[c];
                Storage xc = Storage.allocate(F32, m * 200);
                xc.copyFrom(x, starts[c] * 200, 0, m * 200);
                int[] yc = java.util.Arrays.copyOfRange(y, starts[c], starts[c + 1]);
                one.computeGradients(Batch.of(xc, m, Targets.labels(yc)));
                float[] g = ((FloatStorage) one.gradients()).data;
                if (expected == null) {
                    expected = g.clone();
                } else {
                    for (int i = 0; i < g.length; i++) {
                        expected[i] += g[i];
                    }
                }
            }
        }
        try (Network three = Network.of(s, Network.Options.of(F32, 3), params, new double[0])) {
            three.computeGradients(Batch.of(x, n, Targets.labels(y)));
            assertArrayEquals(expected, ((FloatStorage) three.gradients()).data);
        }
    }
}
