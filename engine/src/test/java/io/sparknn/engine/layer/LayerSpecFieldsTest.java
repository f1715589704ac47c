package io.sparknn.engine.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A layer's fields are named in errors: bare in a spec line, by their full dotted path in a config. */
class LayerSpecFieldsTest {

    private static String configError(String kind, Map<String, String> fields) {
        return assertThrows(
                        SpecException.class,
                        () -> LayerSpecs.read(kind, new SpecFields("c.json", "network.layers[2]", tokens(fields))))
                .getMessage();
    }

    private static String lineError(String line) {
        return assertThrows(SpecException.class, () -> LayerSpecs.parse("model.bin: layer 3", line))
                .getMessage();
    }

    @Test
    void aConfigLayersKeysAreNamedWithTheLayersPath() {
        assertEquals(
                "c.json: key 'network.layers[2].kernel' must be an integer >= 1, got 0",
                configError("conv2d", Map.of("filters", "4", "kernel", "0")));
        assertEquals("c.json: missing key 'network.layers[2].kernel'", configError("maxpool2d", Map.of()));
        assertEquals(
                "c.json: missing key 'network.layers[2].units' (unknown key 'network.layers[2].unit' given)",
                configError("dense", Map.of("unit", "10")));
        assertEquals(
                "c.json: unknown key 'network.layers[2].activation'",
                configError("dense", Map.of("units", "10", "activation", "relu")));
        assertEquals(
                "c.json: key 'network.layers[2].units' must be an integer, got 'ten'",
                configError("dense", Map.of("units", "ten")));
    }

    @Test
    void biasTakesOnlyTrueOrFalse() {
        assertEquals(
                "c.json: key 'network.layers[2].bias' must be true or false, got 1",
                configError("dense", Map.of("units", "10", "bias", "1")));
        assertEquals(
                "c.json: key 'network.layers[2].bias' must be true or false, got 'no'",
                configError("conv2d", Map.of("filters", "4", "kernel", "3", "bias", "no")));
        assertEquals("model.bin: layer 3: key 'bias' must be true or false, got 0", lineError("dense units=2 bias=0"));
        assertEquals("c.json: unknown key 'network.layers[2].bias'", configError("batchnorm", Map.of("bias", "false")));
    }

    @Test
    void aSpecLinesKeysAreNamedBareAndRangesPlainly() {
        assertEquals("model.bin: layer 3: key 'slope' must be in [0, 1], got 2", lineError("leaky_relu slope=2"));
        assertEquals("model.bin: layer 3: key 'eps' must be in [0, 1], got -1e-5", lineError("batchnorm eps=-1e-5"));
        assertEquals("model.bin: layer 3: key 'p' must be in [0, 0.999999], got 1", lineError("dropout p=1"));
        assertEquals("model.bin: layer 3: missing key 'kernel'", lineError("avgpool2d stride=2"));
    }

    /** Config fields given as spec-line tokens, typed as a spec line types them. */
    private static Map<String, SpecValue> tokens(Map<String, String> fields) {
        Map<String, SpecValue> m = new java.util.LinkedHashMap<>();
        fields.forEach((k, v) -> m.put(k, SpecValue.parse(v)));
        return m;
    }
}
