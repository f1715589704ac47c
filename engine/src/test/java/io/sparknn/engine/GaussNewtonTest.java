package io.sparknn.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.init.Init;
import io.sparknn.engine.layer.Conv2dSpec;
import io.sparknn.engine.layer.Pool2dSpec;
import io.sparknn.engine.loss.Loss;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The R-ops of every layer that has one, against central differences of the network's outputs in
 * float64, and Gauss-Newton-vector products against an explicit Jᵀ·H·J built column by column
 * from finite differences alone (no R-op in it).
 */
class GaussNewtonTest {
    private static final Precision F64 = Precision.FLOAT64;

    static Stream<Arguments> layers() {
        Shape image = Shape.of(2, 6, 5);
        return Stream.of(
                Arguments.of("dense", NetworkSpec.builder(Shape.of(4)).dense(3).build(LossKind.MSE)),
                Arguments.of(
                        "dense without a bias, after dense",
                        NetworkSpec.builder(Shape.of(4))
                                .dense(5)
                                .add(new io.sparknn.engine.layer.DenseSpec(3, Init.XAVIER_UNIFORM, false))
                                .build(LossKind.MSE)),
                Arguments.of(
                        "relu",
                        NetworkSpec.builder(Shape.of(4))
                                .dense(6)
                                .relu()
                                .dense(3)
                                .build(LossKind.MSE)),
                Arguments.of(
                        "leaky_relu",
                        NetworkSpec.builder(Shape.of(4))
                                .dense(6)
                                .leakyRelu(0.2)
                                .dense(3)
                                .build(LossKind.MSE)),
                Arguments.of(
                        "sigmoid",
                        NetworkSpec.builder(Shape.of(4))
                                .dense(6)
                                .sigmoid()
                                .dense(3)
                                .build(LossKind.MSE)),
                Arguments.of(
                        "tanh",
                        NetworkSpec.builder(Shape.of(4))
                                .dense(6)
                                .tanh()
                                .dense(3)
                                .build(LossKind.MSE)),
                Arguments.of(
                        "softmax",
                        NetworkSpec.builder(Shape.of(4))
                                .dense(6)
                                .softmax()
                                .dense(3)
                                .build(LossKind.MSE)),
                Arguments.of(
                        "dropout",
                        NetworkSpec.builder(Shape.of(4))
                                .dense(8)
                                .dropout(0.4)
                                .dense(3)
                                .build(LossKind.MSE)),
                Arguments.of(
                        "conv2d (stride 2, padding 1) after conv2d",
                        NetworkSpec.builder(image)
                                .conv2d(3, 3, 3, 1, 1)
                                .tanh()
                                .conv2d(2, 3, 2, 2, 1)
                                .flatten()
                                .build(LossKind.MSE)),
                Arguments.of(
                        "conv2d without a bias, max pool, flatten",
                        NetworkSpec.builder(image)
                                .add(new Conv2dSpec(3, 2, 2, 1, 1, 0, 0, Init.HE_UNIFORM, false))
                                .add(new Pool2dSpec(true, 2, 2, 1, 1))
                                .flatten()
                                .dense(2)
                                .build(LossKind.MSE)),
                Arguments.of(
                        "avg pool (overlapping windows)",
                        NetworkSpec.builder(image)
                                .conv2d(3, 2, 2, 1, 0)
                                .add(new Pool2dSpec(false, 3, 3, 2, 2))
                                .flatten()
                                .dense(2)
                                .build(LossKind.MSE)));
    }

    /** A training batch of n examples (ids 10.., seed 7, step 3: dropout draws its masks from them). */
    private static Batch batch(NetworkSpec spec, int n, Targets targets) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 10 + i;
        }
        return new Batch(Fixtures.inputs(F64, n * spec.input().size(), 21), n, targets, ids, 7, 3);
    }

    private static Targets values(NetworkSpec spec, int n, long seed, boolean unit) {
        int count = n * spec.output().size();
        Storage t = Fixtures.inputs(F64, count, seed);
        if (unit) {
            for (int i = 0; i < count; i++) {
                t.set(i, (t.get(i) + 1) / 2);
            }
        }
        return Targets.values(t, spec.output().last());
    }

    private static Replica replica(NetworkSpec spec, Storage params) {
        return new Replica(
                spec,
                new Network.Options(F64, 1, false),
                params,
                Storage.allocate(F64, params.length()),
                Storage.allocate(F64, spec.bufferCount()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void theROpOfEveryLayerIsTheCentralDifferenceOfItsOutputs(String name, NetworkSpec spec) {
        int n = 3;
        Batch b = batch(spec, n, values(spec, n, 5, false));
        Storage params;
        try (Network net = Network.create(spec, Network.Options.of(F64, 1), 11)) {
            params = net.parameters().copy();
        }
        Storage v = Fixtures.inputs(F64, params.length(), 13);
        Replica r = replica(spec, params);
        int outs = n * spec.output().size();
        double[] jv = r.directional(b, 0, n, v).toDoubles(0, outs);

        double eps = 1e-6;
        double[] w = params.toDoubles();
        double[] plus = shifted(r, b, params, w, v, eps, outs);
        double[] minus = shifted(r, b, params, w, v, -eps, outs);
        params.copyFrom(w, 0, 0, w.length);
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < outs; i++) {
            double fd = (plus[i] - minus[i]) / (2 * eps);
            worst = Math.max(worst, Math.abs(fd - jv[i]));
            scale = Math.max(scale, Math.abs(fd));
        }
        assertTrue(scale > 1e-3, name + ": the direction moves the outputs");
        assertTrue(worst <= 1e-7 * scale, name + ": |J·v − finite difference| = " + worst + " of " + scale);
    }

    private static double[] shifted(Replica r, Batch b, Storage params, double[] w, Storage v, double eps, int outs) {
        for (int i = 0; i < w.length; i++) {
            params.set(i, w[i] + eps * v.get(i));
        }
        return r.trainingForward(b, 0, b.n()).toDoubles(0, outs);
    }

    @Test
    void aLayerWithoutParametersPassesAZeroDirectionOnAsNull() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(2, 4, 4))
                .add(new Pool2dSpec(true, 2, 2, 2, 2))
                .flatten()
                .relu()
                .build(LossKind.MSE);
        Batch b = batch(spec, 2, values(spec, 2, 5, false));
        assertNull(replica(spec, Storage.allocate(F64, 0)).directional(b, 0, 2, Storage.allocate(F64, 0)));
    }

    static Stream<Arguments> losses() {
        NetworkSpec sce =
                NetworkSpec.builder(Shape.of(3)).dense(4).relu().dense(3).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        NetworkSpec mse = NetworkSpec.builder(Shape.of(3))
                .dense(4)
                .tanh()
                .dropout(0.25)
                .dense(2)
                .build(LossKind.MSE);
        NetworkSpec bce = NetworkSpec.builder(Shape.of(3))
                .dense(4)
                .leakyRelu(0.1)
                .dense(2)
                .build(LossKind.BCE_WITH_LOGITS);
        int n = 4;
        // probability targets of mass 1.5 per row: the Hessian scales with the mass
        Storage probabilities = Storage.allocate(F64, n * 3);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < n * 3; i++) {
            probabilities.set(i, 0.5 * rng.nextDouble() + 0.25);
        }
        return Stream.of(
                Arguments.of("softmax_cross_entropy, labels", sce, Fixtures.labels(n, 3, 9)),
                Arguments.of("softmax_cross_entropy, probabilities", sce, Targets.values(probabilities, 3)),
                Arguments.of("mse with dropout", mse, values(mse, n, 6, false)),
                Arguments.of("bce_with_logits", bce, values(bce, n, 6, true)));
    }

    /**
     * G = Σ_i J_iᵀ·H_i·J_i with J_i from central differences of the outputs, one parameter at a
     * time, and H_i from central differences of the loss gradient in the outputs: Gv against G·v.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void theProductIsJTransposeHJFromFiniteDifferences(String name, NetworkSpec spec, Targets targets) {
        int n = 4;
        Batch b = batch(spec, n, targets);
        try (Network net = Network.create(spec, Network.Options.of(F64, 1), 17)) {
            int p = net.parameters().length();
            int width = spec.output().last();
            int outs = n * width;
            Storage v = Fixtures.inputs(F64, p, 19);
            Replica r = replica(spec, net.parameters());
            double[] w = net.parameters().toDoubles();
            double eps = 1e-6;
            double[][] jacobian = new double[outs][p];
            for (int j = 0; j < p; j++) {
                net.parameters().set(j, w[j] + eps);
                double[] plus = r.trainingForward(b, 0, n).toDoubles(0, outs);
                net.parameters().set(j, w[j] - eps);
                double[] minus = r.trainingForward(b, 0, n).toDoubles(0, outs);
                net.parameters().set(j, w[j]);
                for (int o = 0; o < outs; o++) {
                    jacobian[o][j] = (plus[o] - minus[o]) / (2 * eps);
                }
            }
            double[] y = r.trainingForward(b, 0, n).toDoubles(0, outs);
            Loss loss = spec.loss().create(F64);
            double[][] hessian = new double[outs][outs];
            for (int o = 0; o < outs; o++) {
                double[] gPlus = lossGradient(loss, y, o, eps, n, width, targets);
                double[] gMinus = lossGradient(loss, y, o, -eps, n, width, targets);
                for (int q = 0; q < outs; q++) {
                    hessian[q][o] = (gPlus[q] - gMinus[q]) / (2 * eps);
                }
            }
            double[] jv = multiply(jacobian, v.toDoubles());
            double[] hjv = multiply(hessian, jv);
            double[] expected = new double[p];
            for (int j = 0; j < p; j++) {
                for (int o = 0; o < outs; o++) {
                    expected[j] += jacobian[o][j] * hjv[o];
                }
            }

            LossResult lr = net.gaussNewtonProduct(b, v);
            double[] gv = net.gradients().toDoubles();
            double worst = 0;
            double scale = 0;
            for (int j = 0; j < p; j++) {
                worst = Math.max(worst, Math.abs(gv[j] - expected[j]));
                scale = Math.max(scale, Math.abs(expected[j]));
            }
            assertTrue(scale > 1e-2, name + ": a product that is not zero");
            assertTrue(worst <= 1e-6 * scale, name + ": |Gv − JᵀHJv| = " + worst + " of " + scale);
            LossResult g = net.computeGradients(b);
            assertEquals(g.sum(), lr.sum(), name + ": the loss of the same training-mode pass");
            assertEquals(g.count(), lr.count());
            double vgv = 0;
            for (int j = 0; j < p; j++) {
                vgv += v.get(j) * gv[j];
            }
            assertTrue(vgv > 0, name + ": vᵀGv = " + vgv);
        }
    }

    private static double[] lossGradient(Loss loss, double[] y, int o, double eps, int n, int width, Targets t) {
        double[] shifted = y.clone();
        shifted[o] += eps;
        Storage d = Storage.allocate(F64, y.length);
        loss.sum(Storage.of(F64, shifted), n, width, t, 0, d);
        return d.toDoubles();
    }

    private static double[] multiply(double[][] a, double[] x) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < x.length; j++) {
                r[i] += a[i][j] * x[j];
            }
        }
        return r;
    }

    @Test
    void float32GivesTheFloat64ProductToItsPrecision() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(1, 6, 6))
                .conv2d(2, 3)
                .relu()
                .maxPool2d(2)
                .flatten()
                .dense(3)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        int n = 5;
        Targets labels = Fixtures.labels(n, 3, 4);
        Storage x64 = Fixtures.inputs(F64, n * 36, 8);
        double[] w;
        try (Network net = Network.create(spec, Network.Options.of(F64, 1), 3)) {
            w = net.parameters().toDoubles();
        }
        Storage v64 = Fixtures.inputs(F64, w.length, 12);
        double[] gv64;
        double[] gv32;
        try (Network net = Network.of(spec, Network.Options.of(F64, 2), w, new double[0])) {
            net.gaussNewtonProduct(Batch.of(x64, n, labels), v64);
            gv64 = net.gradients().toDoubles();
        }
        Precision f32 = Precision.FLOAT32;
        try (Network net = Network.of(spec, Network.Options.of(f32, 2), w, new double[0])) {
            net.gaussNewtonProduct(
                    Batch.of(Storage.of(f32, x64.toDoubles()), n, labels), Storage.of(f32, v64.toDoubles()));
            gv32 = net.gradients().toDoubles();
        }
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < w.length; i++) {
            scale = Math.max(scale, Math.abs(gv64[i]));
            worst = Math.max(worst, Math.abs(gv64[i] - gv32[i]));
        }
        assertTrue(scale > 1e-2);
        assertTrue(worst <= 1e-5 * scale, "float32 against float64: " + worst + " of " + scale);
    }

    @Test
    void batchNormEmbeddingAndRecurrentLayersAreRefusedNamingTheLayer() {
        NetworkSpec bn =
                NetworkSpec.builder(Shape.of(3)).dense(4).batchNorm().dense(2).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        NetworkSpec lstm =
                NetworkSpec.builder(Shape.of(5, 3)).lstm(4, false).dense(2).build(LossKind.MSE);
        NetworkSpec embedding = NetworkSpec.builder(Shape.of(4))
                .embedding(10, 3)
                .flatten()
                .dense(2)
                .build(LossKind.MSE);
        assertNull(Network.gaussNewtonProblem(
                NetworkSpec.builder(Shape.of(3)).dense(4).dropout(0.5).dense(2).build(LossKind.MSE)));
        assertTrue(
                Network.gaussNewtonProblem(bn).startsWith("layer 2 (batchnorm) has no Gauss-Newton-vector product"),
                Network.gaussNewtonProblem(bn));
        assertNotNull(Network.gaussNewtonProblem(lstm));
        assertTrue(Network.gaussNewtonProblem(lstm).startsWith("layer 1 (lstm)"), Network.gaussNewtonProblem(lstm));
        assertTrue(Network.gaussNewtonProblem(embedding).startsWith("layer 1 (embedding)"));
        try (Network net = Network.create(bn, Network.Options.of(F64, 1), 1)) {
            int n = 2;
            Batch b = Batch.of(Fixtures.inputs(F64, n * 3, 1), n, Fixtures.labels(n, 2, 1));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> net.gaussNewtonProduct(
                            b, Storage.allocate(F64, net.parameters().length())));
            assertTrue(e.getMessage().contains("out of scope"), e.getMessage());
        }
    }
}
