package io.sparknn.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sparknn.engine.Network;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.optim.AdamSpec;
import io.sparknn.engine.optim.OptimizerSpec;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed version-1 file must load with these exact values in every future build: a new
 * format version may change the writer, never what a version-1 file means.
 */
class GoldenModelFileTest {

    private static Path golden() throws URISyntaxException {
        URL url = GoldenModelFileTest.class.getClassLoader().getResource(GoldenModelFile.RESOURCE);
        assertNotNull(url, GoldenModelFile.RESOURCE + " is on the test class path");
        return Path.of(url.toURI());
    }

    @Test
    void version1FileLoadsWithExactValues() throws Exception {
        Model m = ModelFile.load(golden());
        assertEquals("""
                input 3
                layer dense units=2 init=he_uniform
                layer relu
                layer dense units=2 init=he_uniform
                loss softmax_cross_entropy
                """, m.spec().toText());
        assertEquals(Precision.FLOAT32, m.precision());
        assertArrayEquals(
                new double[] {0.5, -0.25, 1, -1, 0.75, 0.125, 0.25, -0.5, 1, -0.5, 0.375, 2, -0.125, 0.0625},
                m.parameters(),
                0);
        assertEquals(0, m.buffers().length);
        Preprocessing p = m.preprocessing();
        assertEquals(3, p.inputWidth());
        assertArrayEquals(new double[] {1, 2, -1}, p.offset(), 0);
        assertArrayEquals(new double[] {0.5, 2, 0.25}, p.scale(), 0);
        assertEquals(List.of("cat", "dog"), p.labelNames());
    }

    @Test
    void version1OptimizerAndStateLoadExactly() throws Exception {
        Model m = ModelFile.load(golden());
        AdamSpec o = (AdamSpec) m.optimizer();
        assertEquals(OptimizerSpec.Kind.ADAM, o.kind());
        assertEquals(0.01, o.lr());
        assertEquals(0.9, o.beta1());
        assertEquals(0.999, o.beta2());
        assertEquals(1e-8, o.eps());
        assertEquals(0.0, o.weightDecay());
        assertEquals(3, m.optimizerState().steps());
        double[][] b = m.optimizerState().buffers();
        assertArrayEquals(
                new double[] {
                    -6 / 64.0, -5 / 64.0, -4 / 64.0, -3 / 64.0, -2 / 64.0, -1 / 64.0, 0, 1 / 64.0, 2 / 64.0, 3 / 64.0,
                    4 / 64.0, 5 / 64.0, 6 / 64.0, 7 / 64.0
                },
                b[0],
                0);
        assertArrayEquals(
                new double[] {
                    1 / 4096.0,
                    2 / 4096.0,
                    3 / 4096.0,
                    4 / 4096.0,
                    5 / 4096.0,
                    6 / 4096.0,
                    7 / 4096.0,
                    8 / 4096.0,
                    9 / 4096.0,
                    10 / 4096.0,
                    11 / 4096.0,
                    12 / 4096.0,
                    13 / 4096.0,
                    14 / 4096.0
                },
                b[1],
                0);
    }

    @Test
    void version1ModelPredictsWhatTheHandComputationGives() throws Exception {
        Model m = ModelFile.load(golden());
        // x = (3, 1.5, 3) → x' = ((3−1)·0.5, (1.5−2)·2, (3+1)·0.25) = (1, −1, 1)
        // h = relu(W1·x' + b1) = relu(0.5 + 0.25 + 1 + 0.25, −1 − 0.75 + 0.125 − 0.5) = (2, 0)
        // y = W2·h + b2 = (2 − 0.125, 0.75 + 0.0625)
        float[] x = {3, 1.5f, 3};
        m.preprocessing().apply(x, 1);
        try (Network net = m.toNetwork(Network.Options.of(Precision.FLOAT32, 1))) {
            Storage y = net.predict(Storage.of(Precision.FLOAT32, x[0], x[1], x[2]), 1);
            assertArrayEquals(new double[] {1.875, 0.8125}, y.toDoubles(), 0);
        }
    }

    /** When the format version is raised, this test goes; the three above stay. */
    @Test
    void theWriterStillWritesVersion1ByteForByte() throws Exception {
        assertArrayEquals(Files.readAllBytes(golden()), TestModels.bytes(GoldenModelFile.model()));
    }

    @Test
    void theDocumentedLayoutBuiltIndependentlyIsTheGoldenFile() throws Exception {
        Model g = GoldenModelFile.model();
        double[][] state = g.optimizerState().buffers();
        byte[] raw = new RawModelFile()
                .text("SPEC", g.spec().toText())
                .text("PREC", "float32")
                .section("PARM", RawModelFile.floats(g.parameters()))
                .section("BUFF", RawModelFile.floats())
                .section(
                        "PREP",
                        RawModelFile.concat(
                                RawModelFile.int32(3),
                                RawModelFile.int8(3),
                                RawModelFile.doubles(1, 2, -1),
                                RawModelFile.doubles(0.5, 2, 0.25),
                                RawModelFile.int32(2),
                                RawModelFile.int32(3),
                                RawModelFile.utf8("cat"),
                                RawModelFile.int32(3),
                                RawModelFile.utf8("dog")))
                .text("OPTM", g.optimizer().toText())
                .section(
                        "OSTA",
                        RawModelFile.concat(
                                RawModelFile.int64(3),
                                RawModelFile.int32(2),
                                RawModelFile.floats(state[0]),
                                RawModelFile.floats(state[1])))
                .bytes();
        assertArrayEquals(Files.readAllBytes(golden()), raw);
    }
}
