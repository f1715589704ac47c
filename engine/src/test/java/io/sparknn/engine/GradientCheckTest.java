package io.sparknn.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.loss.LossKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GradientCheckTest {

    @Test
    void aCheckLeavesParametersInputsAndBatchNormBuffersBitwiseAsItFoundThem() {
        // (4) → dense 6 → batchnorm → relu → dense 3: batch norm in training mode moves its running
        // mean and variance on every pass, and a check makes hundreds of passes.
        NetworkSpec s = NetworkSpec.builder(Shape.of(4))
                .dense(6)
                .batchNorm()
                .relu()
                .dense(3)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        int n = 5;
        Batch b = Batch.of(Fixtures.inputs(Precision.FLOAT64, n * 4, 2), n, Fixtures.labels(n, 3, 3));
        try (Network net = Fixtures.float64(s, 4)) {
            // Running statistics a model has after training, not the fresh (0, 1).
            double[] buffers = Fixtures.inputs(Precision.FLOAT64, net.buffers().length(), 5)
                    .toDoubles();
            for (int i = buffers.length / 2; i < buffers.length; i++) {
                buffers[i] = Math.abs(buffers[i]) + 0.5;
            }
            net.setBuffers(buffers);
            double[] params = net.parameters().toDoubles();
            double[] x = b.x().toDoubles();
            Storage before = net.predict(Storage.of(Precision.FLOAT64, x), n).copy();

            GradientCheck.Result r = GradientCheck.check(net, b);

            assertTrue(r.maxError() < 1e-6, "the check itself: " + r);
            assertArrayEquals(buffers, net.buffers().toDoubles(), "running statistics");
            assertArrayEquals(params, net.parameters().toDoubles(), "parameters");
            assertArrayEquals(x, b.x().toDoubles(), "inputs");
            assertArrayEquals(
                    before.toDoubles(0, n * 3),
                    net.predict(Storage.of(Precision.FLOAT64, x), n).toDoubles(0, n * 3),
                    "inference, which reads the running statistics");
            // The restore is what keeps them: one training pass alone moves every running statistic.
            net.computeGradients(b);
            double[] moved = net.buffers().toDoubles();
            for (int i = 0; i < moved.length; i++) {
                assertFalse(moved[i] == buffers[i], "buffer " + i + " did not move: " + Arrays.toString(moved));
            }
        }
    }
}
