package io.sparknn.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Fixtures;
import io.sparknn.engine.Golden;
import io.sparknn.engine.GradientCheck;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.loss.LossKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchNormTest {
    private static final Golden GOLDEN = Golden.load("layers.txt");
    private static final Precision F64 = Precision.FLOAT64;

    /** Gamma and beta away from 1 and 0, so a gradient that ignores them fails the check. */
    private static Network withRandomParameters(NetworkSpec spec, long seed) {
        Network net = Fixtures.float64(spec, seed);
        net.setParameters(Fixtures.inputs(F64, spec.paramCount(), seed + 100).toDoubles());
        return net;
    }

    @Test
    void featureGradientsMatchCentralDifferences() {
        // x: (5, 6) → batchnorm over 6 features → dense (5, 4) → tanh → dense (5, 3); batch norm first, so
        // the input check goes through the mean and variance terms directly.
        NetworkSpec s = NetworkSpec.builder(Shape.of(6))
                .batchNorm()
                .dense(4)
                .tanh()
                .batchNorm()
                .dense(3)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        int n = 5;
        Batch b = Batch.of(Fixtures.inputs(F64, n * 6, 21), n, Fixtures.labels(n, 3, 22));
        GradientCheck.Result r = GradientCheck.check(withRandomParameters(s, 3), b);
        assertTrue(r.paramError() < 1e-6, "parameter error " + r);
        assertTrue(r.inputError() < 1e-6, "input error " + r);
    }

    @Test
    void channelGradientsMatchCentralDifferences() {
        // x: (3, 2, 4, 5) → batchnorm over 2 channels of 4×5 → flatten → dense (3, 3).
        NetworkSpec s = NetworkSpec.builder(Shape.of(2, 4, 5))
                .batchNorm()
                .flatten()
                .dense(3)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        int n = 3;
        Batch b = Batch.of(Fixtures.inputs(F64, n * 40, 23), n, Fixtures.labels(n, 3, 24));
        GradientCheck.Result r = GradientCheck.check(withRandomParameters(s, 4), b);
        assertTrue(r.paramError() < 1e-6, "parameter error " + r);
        assertTrue(r.inputError() < 1e-6, "input error " + r);
    }

    @Test
    void oneTrainingBatchUpdatesRunningStatisticsWithTheUnbiasedVariance() {
        LayerHarness h = new LayerHarness(new BatchNormSpec(1e-5, 0.1), Shape.of(2), F64);
        // x: (4, 2). Feature 0: 1, 2, 3, 6 → mean 3, Σ(x − 3)² = 14, biased var 3.5, unbiased 14/3.
        //            Feature 1: −1, −1, 1, 1 → mean 0, Σx² = 4, biased var 1, unbiased 4/3.
        Storage x = Storage.of(F64, 1, -1, 2, -1, 3, 1, 6, 1);
        Storage y = h.layer.forward(x, 4, LayerHarness.training(0, 0, 0, 1, 2, 3));
        // Training normalises with the biased variance: feature 1 → ±1/√(1 + eps), not ±√(3/4).
        double s0 = 1 / Math.sqrt(3.5 + 1e-5);
        double s1 = 1 / Math.sqrt(1 + 1e-5);
        assertArrayEquals(new double[] {-2 * s0, -s1, -s0, -s1, 0, s1, 3 * s0, s1}, y.toDoubles(0, 8), 1e-15);
        // running = 0.9·(0, 0, 1, 1) + 0.1·(mean, unbiased var)
        assertArrayEquals(new double[] {0.3, 0, 0.9 + 1.4 / 3, 0.9 + 0.4 / 3}, h.buffers.toDoubles(), 1e-15);

        // Inference uses the running statistics and gamma, beta.
        h.params.copyFrom(new double[] {2, -1, 0.5, 0.25}, 0, 0, 4);
        Storage ye = h.layer.forward(Storage.of(F64, 4, 2), 1, ForwardPass.INFERENCE);
        double v0 = 0.9 + 1.4 / 3;
        double v1 = 0.9 + 0.4 / 3;
        assertArrayEquals(
                new double[] {2 * (4 - 0.3) / Math.sqrt(v0 + 1e-5) + 0.5, -2 / Math.sqrt(v1 + 1e-5) + 0.25},
                ye.toDoubles(0, 2),
                1e-14);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bn1d", "bn2d"})
    void trainingStepAndInferenceMatchPyTorch(String name) {
        Shape in = name.equals("bn1d") ? Shape.of(4) : Shape.of(2, 4, 5);
        int n = name.equals("bn1d") ? 6 : 3;
        LayerHarness h = new LayerHarness(new BatchNormSpec(1e-5, 0.1), in, F64);
        int c = in.dim(0);
        h.params.copyFrom(GOLDEN.get(name + ".gamma"), 0, 0, c);
        h.params.copyFrom(GOLDEN.get(name + ".beta"), 0, c, c);
        h.buffers.copyFrom(GOLDEN.get(name + ".running_mean0"), 0, 0, c);
        h.buffers.copyFrom(GOLDEN.get(name + ".running_var0"), 0, c, c);
        Storage x = GOLDEN.storage(F64, name + ".x");
        Storage y = h.layer.forward(x, n, LayerHarness.training(0, 0, new long[n]));
        Golden.assertClose(GOLDEN.get(name + ".y"), y.toDoubles(0, n * in.size()), 1e-13, name + " y");
        Golden.assertClose(
                GOLDEN.get(name + ".dx"), h.backward(GOLDEN.storage(F64, name + ".dy"), n), 1e-13, name + " dx");
        Golden.assertClose(GOLDEN.get(name + ".dgamma"), h.grads.toDoubles(0, c), 1e-13, name + " dgamma");
        Golden.assertClose(GOLDEN.get(name + ".dbeta"), h.grads.toDoubles(c, c), 1e-13, name + " dbeta");
        Golden.assertClose(
                GOLDEN.get(name + ".running_mean1"), h.buffers.toDoubles(0, c), 1e-14, name + " running_mean");
        Golden.assertClose(GOLDEN.get(name + ".running_var1"), h.buffers.toDoubles(c, c), 1e-14, name + " running_var");
        Storage ye = h.layer.forward(x, n, ForwardPass.INFERENCE);
        Golden.assertClose(GOLDEN.get(name + ".y_eval"), ye.toDoubles(0, n * in.size()), 1e-13, name + " y_eval");
    }

    @Test
    void trainingOnOneExampleOfFeaturesFailsNamingTheLayer() {
        NetworkSpec s =
                NetworkSpec.builder(Shape.of(3)).dense(4).batchNorm().dense(2).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network net = Fixtures.float64(s, 1);
        Batch one = Batch.of(Fixtures.inputs(F64, 3, 2), 1, Fixtures.labels(1, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.computeGradients(one));
        assertTrue(
                e.getMessage().startsWith("layer 2 (batchnorm): batch norm needs at least 2 examples per shard"),
                e.getMessage());
        // Inference on one example is fine: it uses the running statistics.
        assertEquals(2, net.predict(one.x(), 1).length());
    }

    @Test
    void oneImageHasEnoughValuesPerChannelToTrain() {
        // As PyTorch: (1, c, h, w) with h·w ≥ 2 has h·w values per channel, so training works.
        LayerHarness h = new LayerHarness(new BatchNormSpec(1e-5, 0.1), Shape.of(1, 1, 2), F64);
        Storage y = h.layer.forward(Storage.of(F64, 3, 5), 1, LayerHarness.training(0, 0, 0));
        assertArrayEquals(new double[] {-1 / Math.sqrt(1 + 1e-5), 1 / Math.sqrt(1 + 1e-5)}, y.toDoubles(0, 2), 1e-15);
        // unbiased variance of {3, 5} is 2
        assertArrayEquals(new double[] {0.4, 0.9 + 0.2}, h.buffers.toDoubles(), 1e-15);
    }

    @Test
    void float32StatisticsSurviveALargeMean() {
        // Values 1e4 ± 1 in float32: a one-pass Σx² − m·mean² in float would lose the variance entirely.
        LayerHarness h = new LayerHarness(new BatchNormSpec(1e-5, 0.1), Shape.of(1), Precision.FLOAT32);
        Storage y = h.layer.forward(
                Storage.of(Precision.FLOAT32, 10001, 9999, 10001, 9999), 4, LayerHarness.training(0, 0, 0, 1, 2, 3));
        double s = 1 / Math.sqrt(1 + 1e-5);
        assertArrayEquals(new double[] {s, -s, s, -s}, y.toDoubles(0, 4), 1e-6);
    }
}
