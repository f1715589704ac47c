package io.sparknn.engine.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Fixtures;
import io.sparknn.engine.GradientCheck;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Fused softmax cross-entropy against central differences, with class labels and with probability targets. */
class SoftmaxCrossEntropyGradientTest {
    private static final Precision F64 = Precision.FLOAT64;
    // (n, 3, 6) → dense (n, 3, 5) → tanh → dense (n, 3, 4): a distribution over 4 classes per time step
    private static final NetworkSpec SPEC =
            NetworkSpec.builder(Shape.of(3, 6)).dense(5).tanh().dense(4).build(LossKind.SOFTMAX_CROSS_ENTROPY);
    private static final int N = 5;

    @Test
    void classLabelsPerTimeStep() {
        int[] labels = new int[N * 3];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(4);
        }
        check(Batch.of(Fixtures.inputs(F64, N * 18, 51), N, Targets.labels(labels)));
    }

    @Test
    void probabilityTargetsPerTimeStep() {
        // soft targets that are not one-hot: each row a distinct distribution summing to 1
        double[] p = new double[N * 3 * 4];
        SplittableRandom r = new SplittableRandom(4);
        for (int row = 0; row < N * 3; row++) {
            double sum = 0;
            for (int c = 0; c < 4; c++) {
                p[row * 4 + c] = 0.05 + r.nextDouble();
                sum += p[row * 4 + c];
            }
            for (int c = 0; c < 4; c++) {
                p[row * 4 + c] /= sum;
            }
        }
        check(Batch.of(Fixtures.inputs(F64, N * 18, 52), N, Targets.values(Storage.of(F64, p), 4)));
    }

    private static void check(Batch b) {
        Network net = Fixtures.float64(SPEC, 9);
        assertEquals(N * 3, net.computeGradients(b).count(), "the count is over tokens (n·T)");
        GradientCheck.Result r = GradientCheck.check(net, b);
        assertTrue(r.paramError() < 1e-6, "parameter error " + r);
        assertTrue(r.inputError() < 1e-6, "input error " + r);
    }
}
