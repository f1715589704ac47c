package io.sparknn.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.layer.LayerSpec;
import io.sparknn.engine.layer.LayerSpecs;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The committed version-1 files of {@link GoldenLayerModelFiles} must load with this spec text and
 * these values in every future build: the version-1 text of every layer kind is part of the format.
 */
class GoldenLayerModelFilesTest {

    static Path golden(String resource) throws Exception {
        URL url = GoldenLayerModelFilesTest.class.getClassLoader().getResource(resource);
        assertNotNull(url, resource + " is on the test class path");
        return Path.of(url.toURI());
    }

    @Test
    void convFileLoadsWithItsSpecTextAndValues() throws Exception {
        Model m = ModelFile.load(golden(GoldenLayerModelFiles.CONV));
        assertEquals("""
                input 2x9x8
                layer conv2d filters=3 kernel=3x2 stride=1x2 padding=1x0 init=xavier_normal
                layer batchnorm eps=0.001 momentum=0.2
                layer leaky_relu slope=0.1
                layer maxpool2d kernel=3x2 stride=3x2
                layer avgpool2d kernel=1x2 stride=1x1
                layer flatten
                layer dropout p=0.25
                layer dense units=5 init=lecun_uniform
                layer relu
                layer dense units=4 init=he_normal
                layer tanh
                layer dense units=3 init=xavier_uniform
                layer sigmoid
                layer dense units=3 init=he_uniform
                layer softmax
                loss mse
                """, m.spec().toText());
        assertEquals(Precision.FLOAT64, m.precision());
        double[] p = m.parameters();
        // conv 3·2·3·2 + 3, batch norm 2·3, dense 9·5 + 5, 5·4 + 4, 4·3 + 3, 3·3 + 3
        assertEquals(39 + 6 + 50 + 24 + 15 + 12, p.length);
        assertEquals(-50 / 128.0, p[0], 0);
        assertEquals(-13 / 128.0, p[1], 0);
        assertEquals(-21 / 128.0, p[39], 0); // batch norm gamma[0]
        assertEquals(-38 / 128.0, p[145], 0);
        assertArrayEquals(GoldenLayerModelFiles.values(p.length, 0), p, 0);
        assertArrayEquals(new double[] {-0.25, 0.125, 0.375, 0.5, 1.25, 2}, m.buffers(), 0);
        assertNull(m.preprocessing());
        assertEquals(
                "rmsprop lr=0.005 weight_decay=0.001 momentum=0.5 dampening=0.0 nesterov=false beta1=0.9 beta2=0.999 "
                        + "eps=1.0E-8 alpha=0.9 rho=0.9 lr_decay=0.0 initial_accumulator=0.0 centered=true",
                m.optimizer().toText());
        assertEquals(4, m.optimizerState().steps());
        double[][] b = m.optimizerState().buffers();
        assertEquals(3, b.length);
        assertArrayEquals(GoldenLayerModelFiles.values(p.length, 2), b[1], 0);
        assertEquals(Math.abs(GoldenLayerModelFiles.value(7, 1)), b[0][7], 0);
    }

    @Test
    void recurrentFileLoadsWithItsSpecTextAndValues() throws Exception {
        Model m = ModelFile.load(golden(GoldenLayerModelFiles.RECURRENT));
        assertEquals("""
                input 6
                layer embedding vocab=7 dim=4
                layer lstm hidden=5 sequences=true
                layer gru hidden=3 sequences=false
                layer dense units=2 init=lecun_normal
                loss bce_with_logits
                """, m.spec().toText());
        assertEquals(Precision.FLOAT32, m.precision());
        double[] p = m.parameters();
        // embedding 7·4, LSTM 4·5·(4 + 5) + 2·4·5, GRU 3·3·(5 + 3) + 2·3·3, dense 3·2 + 2
        assertEquals(28 + 220 + 90 + 8, p.length);
        assertEquals(-6 / 128.0, p[0], 0);
        assertEquals(33 / 128.0, p[345], 0);
        assertArrayEquals(GoldenLayerModelFiles.values(p.length, 4), p, 0);
        assertEquals(0, m.buffers().length);
        assertEquals(
                "adamw lr=0.002 weight_decay=0.05 momentum=0.0 dampening=0.0 nesterov=false beta1=0.9 beta2=0.99 "
                        + "eps=1.0E-8 alpha=0.99 rho=0.9 lr_decay=0.0 initial_accumulator=0.0 centered=false amsgrad=true",
                m.optimizer().toText());
        assertEquals(2, m.optimizerState().steps());
        assertEquals(3, m.optimizerState().buffers().length);
    }

    @Test
    void theThreeVersion1GoldenFilesHoldEveryLayerKind() throws Exception {
        Set<String> kinds = new HashSet<>();
        for (String r :
                new String[] {GoldenModelFile.RESOURCE, GoldenLayerModelFiles.CONV, GoldenLayerModelFiles.RECURRENT}) {
            for (LayerSpec l : ModelFile.load(golden(r)).spec().layers()) {
                kinds.add(l.kind());
            }
        }
        assertEquals(new HashSet<>(LayerSpecs.KINDS), kinds);
    }

    @Test
    void bothModelsBuildNetworksThatPredictAndOptimizersThatRestore() throws Exception {
        for (String r : new String[] {GoldenLayerModelFiles.CONV, GoldenLayerModelFiles.RECURRENT}) {
            Model m = ModelFile.load(golden(r));
            int in = m.spec().input().size();
            double[] x = new double[2 * in];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.equals(GoldenLayerModelFiles.RECURRENT) ? i % 7 : Math.sin(i);
            }
            try (Network net = m.toNetwork(Network.Options.of(m.precision(), 1))) {
                Storage y = net.predict(Storage.of(m.precision(), x), 2);
                for (double v : y.toDoubles(0, 2 * m.spec().output().size())) {
                    assertTrue(Double.isFinite(v), r + ": " + v);
                }
            }
            assertEquals(m.optimizerState(), m.newOptimizer().state(), r);
        }
    }

    /** When the format version is raised, this test goes; the ones above stay. */
    @Test
    void theWriterStillWritesBothFilesByteForByte() throws Exception {
        assertArrayEquals(
                Files.readAllBytes(golden(GoldenLayerModelFiles.CONV)), TestModels.bytes(GoldenLayerModelFiles.conv()));
        assertArrayEquals(
                Files.readAllBytes(golden(GoldenLayerModelFiles.RECURRENT)),
                TestModels.bytes(GoldenLayerModelFiles.recurrent()));
    }
}
