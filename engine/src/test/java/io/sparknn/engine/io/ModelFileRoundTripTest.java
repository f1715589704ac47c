package io.sparknn.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparknn.engine.Fixtures;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.init.Init;
import io.sparknn.engine.layer.Conv2dSpec;
import io.sparknn.engine.layer.DenseSpec;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.Optimizer;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerState;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelFileRoundTripTest {

    @TempDir
    Path dir;

    private static void assertBitwiseEqual(double[] want, double[] got, String what) {
        long[] w = Arrays.stream(want).mapToLong(Double::doubleToRawLongBits).toArray();
        long[] g = Arrays.stream(got).mapToLong(Double::doubleToRawLongBits).toArray();
        assertArrayEquals(w, g, what);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void everyPartReadsBackBitForBit(Precision p) throws Exception {
        Model m = TestModels.trained(p);
        Model r = TestModels.read(TestModels.bytes(m), "memory");
        assertEquals(m.spec(), r.spec());
        assertEquals(p, r.precision());
        assertBitwiseEqual(m.parameters(), r.parameters(), "parameters");
        assertBitwiseEqual(m.buffers(), r.buffers(), "buffers");
        assertEquals(m.preprocessing(), r.preprocessing());
        assertEquals(m.optimizer(), r.optimizer());
        assertEquals(m.optimizerState().steps(), r.optimizerState().steps());
        for (int i = 0; i < 2; i++) {
            assertBitwiseEqual(
                    m.optimizerState().buffers()[i], r.optimizerState().buffers()[i], "adam buffer " + i);
        }
        assertEquals(m, r);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aLoadedNetworkPredictsTheSameBitsAsTheSavedOne(Precision p) throws Exception {
        Path file = dir.resolve("net.model");
        Storage x = Fixtures.inputs(p, 8 * 5, 21);
        try (Network net = TestModels.network(p)) {
            ModelFile.save(Model.of(net), file);
            try (Network loaded = ModelFile.load(file).toNetwork(Network.Options.of(p, 1))) {
                assertBitwiseEqual(
                        net.predict(x, 8).toDoubles(), loaded.predict(x, 8).toDoubles(), "predictions");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void trainingResumedFromAFileTakesTheSameStepAsUninterruptedTraining(Precision p) throws Exception {
        Model m = TestModels.trained(p);
        Model r = TestModels.read(TestModels.bytes(m), "checkpoint");
        Storage g = Fixtures.inputs(p, m.parameters().length, 5);
        Storage a = Storage.of(p, m.parameters());
        Storage b = Storage.of(p, r.parameters());
        m.newOptimizer().step(a, g, 0.01);
        r.newOptimizer().step(b, g, 0.01);
        assertBitwiseEqual(a.toDoubles(), b.toDoubles(), "parameters after one more Adam step");
    }

    @Test
    void float32ModelsRoundTheirValuesOnceWhenWritten() throws Exception {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(1)).dense(1).build(LossKind.MSE);
        Model m = new Model(spec, Precision.FLOAT32, new double[] {0.1, -1e-3}, new double[0], null, null, null);
        Model r = TestModels.read(TestModels.bytes(m), "memory");
        assertArrayEquals(new double[] {(float) 0.1, (float) -1e-3}, r.parameters(), 0);
    }

    @Test
    void everyLayerKindsSpecAndBatchNormBuffersRoundTrip() throws Exception {
        // Written from the spec alone: the model file needs no computing layers.
        NetworkSpec spec = NetworkSpec.builder(Shape.of(2, 9, 7))
                .conv2d(3, 3, 2, 2, 1)
                .batchNorm()
                .leakyRelu(0.02)
                .maxPool2d(2)
                .avgPool2d(1)
                .flatten()
                .dropout(0.25)
                .dense(4)
                .tanh()
                .sigmoid()
                .softmax()
                .build(LossKind.BCE_WITH_LOGITS);
        double[] params = new double[spec.paramCount()];
        double[] buffers = new double[spec.bufferCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = Math.sin(i + 1);
        }
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = 1.0 / (i + 3);
        }
        Model m = new Model(
                spec,
                Precision.FLOAT64,
                params,
                buffers,
                Preprocessing.none(126),
                OptimizerSpec.sgd().withMomentum(0.9, 0, true),
                null);
        Model r = TestModels.read(TestModels.bytes(m), "memory");
        assertEquals(spec, r.spec());
        assertEquals(6, r.buffers().length, "batchnorm over 3 channels: running mean and variance");
        assertEquals(m, r);
        assertNull(r.optimizerState());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void layersWithoutBiasRoundTripAndPredictTheSameBits(Precision p) throws Exception {
        // conv2d and dense without a bias, each followed by batch norm (what the option is for)
        NetworkSpec spec = NetworkSpec.builder(Shape.of(2, 6, 5))
                .add(new Conv2dSpec(3, 3, 3, 1, 1, 1, 1, Init.HE_UNIFORM, false))
                .batchNorm()
                .relu()
                .flatten()
                .add(new DenseSpec(4, Init.XAVIER_UNIFORM, false))
                .batchNorm()
                .dense(3)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(
                "conv2d filters=3 kernel=3x3 stride=1x1 padding=1x1 init=he_uniform bias=false",
                spec.layers().get(0).toText());
        assertEquals(
                "dense units=4 init=xavier_uniform bias=false",
                spec.layers().get(4).toText());
        assertEquals(
                3 * 2 * 9 + 2 * 3 + 90 * 4 + 2 * 4 + (4 * 3 + 3),
                spec.paramCount(),
                "conv and first dense weights only; batch norm's γ, β; the last dense's W and b");
        Path file = dir.resolve("nobias.model");
        Storage x = Fixtures.inputs(p, 4 * spec.input().size(), 23);
        try (Network net = Network.create(spec, Network.Options.of(p, 1), 13)) {
            Model m = Model.of(net);
            ModelFile.save(m, file);
            Model r = ModelFile.load(file);
            assertEquals(spec, r.spec());
            assertEquals(m, r);
            try (Network loaded = r.toNetwork(Network.Options.of(p, 1))) {
                assertBitwiseEqual(
                        net.predict(x, 4).toDoubles(), loaded.predict(x, 4).toDoubles(), "predictions");
            }
        }
    }

    @Test
    void sequenceLayersRoundTrip() throws Exception {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(6))
                .embedding(20, 4)
                .lstm(5, true)
                .gru(3, false)
                .dense(2)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Model m = new Model(spec, Precision.FLOAT32, new double[spec.paramCount()], new double[0], null, null, null);
        assertEquals(m, TestModels.read(TestModels.bytes(m), "memory"));
    }

    @Test
    void labelNamesInAnyScriptRoundTrip() throws Exception {
        Model m = Model.of(TestModels.network(Precision.FLOAT32))
                .with(new Preprocessing(5, null, null, List.of("", "chat é", "猫 🐈")));
        assertEquals(m, TestModels.read(TestModels.bytes(m), "memory"));
    }

    @Test
    void sgdStateWithItsLazyMomentumBufferStillEmptyRoundTrips() throws Exception {
        Model base = Model.of(TestModels.network(Precision.FLOAT64));
        OptimizerSpec sgd = OptimizerSpec.sgd().withMomentum(0.9, 0, false);
        Optimizer fresh = sgd.create(Precision.FLOAT64, base.parameters().length);
        OptimizerState s = fresh.state();
        assertEquals(0, s.buffers()[0].length, "PyTorch creates the momentum buffer on the first step");
        Model m = base.withOptimizer(sgd, s);
        assertEquals(s, TestModels.read(TestModels.bytes(m), "memory").optimizerState());
    }
}
