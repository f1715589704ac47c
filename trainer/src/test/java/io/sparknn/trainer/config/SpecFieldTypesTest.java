package io.sparknn.trainer.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.layer.Conv2dSpec;
import io.sparknn.engine.layer.DenseSpec;
import io.sparknn.engine.layer.LayerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A layer's, the optimizer's and the schedule's keys are read by their JSON type: a value of another
 * type is an error naming the full dotted key and showing the value as written, never a string that
 * happens to read as the right type.
 */
class SpecFieldTypesTest {

    private static String config(String layers, String optimizer, String schedule) {
        return "{\"data\": {\"format\": \"builtin\", \"train\": \"digits\"},\n"
                + " \"network\": {\"input\": [1, 8, 8], \"layers\": " + layers + "},\n"
                + " \"optimizer\": " + optimizer + ", \"schedule\": " + schedule + ",\n"
                + " \"training\": {}, \"output\": {\"dir\": \"out\"}}";
    }

    private static String layers(String layers) {
        return message(config(layers, "{}", "{}"));
    }

    private static String layer(String fields) {
        return layers("[{\"type\": \"conv2d\", " + fields
                + "}, {\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 10}]");
    }

    private static String optimizer(String fields) {
        return message(
                config("[{\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 10}]", "{" + fields + "}", "{}"));
    }

    private static String schedule(String fields) {
        return message(
                config("[{\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 10}]", "{}", "{" + fields + "}"));
    }

    private static String message(String json) {
        return assertThrows(RuntimeException.class, () -> ConfigReader.parse("c.json", json))
                .getMessage();
    }

    @Test
    void anIntegerKeyTakesOnlyAJsonInteger() {
        assertEquals(
                "c.json: key 'network.layers[0].filters' must be an integer, got 1.5",
                layer("\"filters\": 1.5, \"kernel\": 3"));
        assertEquals(
                "c.json: key 'network.layers[0].filters' must be an integer, got 4.0",
                layer("\"filters\": 4.0, \"kernel\": 3"));
        assertEquals(
                "c.json: key 'network.layers[0].filters' must be an integer, got 1e2",
                layer("\"filters\": 1e2, \"kernel\": 3"));
        assertEquals(
                "c.json: key 'network.layers[0].filters' must be an integer, got '16'",
                layer("\"filters\": \"16\", \"kernel\": 3"));
        assertEquals(
                "c.json: key 'network.layers[0].filters' must be an integer, got true",
                layer("\"filters\": true, \"kernel\": 3"));
        assertEquals(
                "c.json: key 'network.layers[0].filters' must be an integer, got [4]",
                layer("\"filters\": [4], \"kernel\": 3"));
        assertEquals(
                "c.json: key 'network.layers[0].filters' must be an integer in [1, 2147483647], got 3000000000",
                layer("\"filters\": 3000000000, \"kernel\": 3"));
        assertEquals(
                "c.json: key 'schedule.step_size' must be an integer, got 10.0",
                schedule("\"type\": \"step\", \"step_size\": 10.0"));
        assertEquals("c.json: key 'schedule.warmup' must be an integer, got '5'", schedule("\"warmup\": \"5\""));
    }

    @Test
    void aNumberKeyTakesAJsonIntegerOrNumberAndShowsItAsWritten() {
        assertEquals("c.json: key 'optimizer.lr' must be a number, got '0.1'", optimizer("\"lr\": \"0.1\""));
        assertEquals("c.json: key 'optimizer.lr' must be a number, got false", optimizer("\"lr\": false"));
        assertEquals("c.json: key 'optimizer.lr' must be a number, got [1]", optimizer("\"lr\": [1]"));
        assertEquals("c.json: key 'optimizer.lr' must be a finite number >= 0, got -1E-9", optimizer("\"lr\": -1E-9"));
        assertEquals(
                "c.json: key 'optimizer.momentum' must be in [0, 1], got 1.50",
                optimizer("\"type\": \"sgd\", \"momentum\": 1.50"));
        assertEquals(
                "c.json: key 'network.layers[0].p' must be in [0, 0.999999], got 1e0",
                layers(
                        "[{\"type\": \"dropout\", \"p\": 1e0}, {\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 10}]"));
        assertEquals(
                2.0,
                ConfigReader.parse(
                                "c.json",
                                config(
                                        "[{\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 10}]",
                                        "{\"type\": \"sgd\", \"lr\": 2}",
                                        "{}"))
                        .optimizer()
                        .lr());
    }

    @Test
    void aFlagTakesOnlyAJsonBoolean() {
        assertEquals(
                "c.json: key 'optimizer.nesterov' must be true or false, got 'true'",
                optimizer("\"type\": \"sgd\", \"momentum\": 0.9, \"nesterov\": \"true\""));
        assertEquals("c.json: key 'optimizer.amsgrad' must be true or false, got 1", optimizer("\"amsgrad\": 1"));
        assertEquals(
                "c.json: key 'network.layers[0].bias' must be true or false, got 1",
                layer("\"filters\": 2, \"kernel\": 3, \"bias\": 1"));
        assertEquals(
                "c.json: key 'network.layers[2].bias' must be true or false, got 'false'",
                layers("[{\"type\": \"conv2d\", \"filters\": 2, \"kernel\": 3}, {\"type\": \"flatten\"}, "
                        + "{\"type\": \"dense\", \"units\": 10, \"bias\": \"false\"}]"));
    }

    /** {@code bias} false reads into the specs and is written back, as a JSON boolean, only when false. */
    @Test
    void biasFalseReadsAndIsWrittenBackOnlyWhenFalse() {
        List<LayerSpec> l = ConfigReader.parse(
                        "c.json",
                        config(
                                "[{\"type\": \"conv2d\", \"filters\": 2, \"kernel\": 3, "
                                        + "\"bias\": false}, {\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 10, \"bias\": true}]",
                                "{}",
                                "{}"))
                .network()
                .layers();
        assertFalse(((Conv2dSpec) l.get(0)).bias());
        assertTrue(((DenseSpec) l.get(2)).bias());
        assertEquals(
                "{\"type\":\"conv2d\",\"filters\":2,\"kernel\":[3,3],\"stride\":[1,1],\"padding\":[0,0],"
                        + "\"init\":\"he_uniform\",\"bias\":false}",
                SpecJson.object(l.get(0)).toString());
        assertEquals(
                "{\"type\":\"dense\",\"units\":10,\"init\":\"he_uniform\"}",
                SpecJson.object(l.get(2)).toString());
    }

    @Test
    void aSizeTakesAnIntegerOrAListOfTwo() {
        assertEquals(
                "c.json: key 'network.layers[0].kernel' must be an integer or a list [height, width], got 2.5",
                layer("\"filters\": 2, \"kernel\": 2.5"));
        assertEquals(
                "c.json: key 'network.layers[0].kernel' must be an integer or a list [height, width], got '3x3'",
                layer("\"filters\": 2, \"kernel\": \"3x3\""));
        assertEquals(
                "c.json: key 'network.layers[0].kernel' must be an integer or a list [height, width], got [3]",
                layer("\"filters\": 2, \"kernel\": [3]"));
        assertEquals(
                "c.json: key 'network.layers[0].kernel' must be an integer or a list [height, width], got [3,3,3]",
                layer("\"filters\": 2, \"kernel\": [3, 3, 3]"));
        assertEquals(
                "c.json: key 'network.layers[0].stride' must be an integer >= 1, got 0",
                layer("\"filters\": 2, \"kernel\": 3, \"stride\": [2, 0]"));
        assertEquals(
                "c.json: key 'network.layers[0].padding' must be a list of integers in [-2147483648, 2147483647], "
                        + "got [1,3000000000]",
                layer("\"filters\": 2, \"kernel\": 3, \"padding\": [1, 3000000000]"));
        assertEquals(
                "c.json: key 'network.layers[0].kernel' must be a list of integers, got [3,2.0]",
                layer("\"filters\": 2, \"kernel\": [3, 2.0]"));
        Conv2dSpec conv = (Conv2dSpec) ConfigReader.parse(
                        "c.json",
                        config(
                                "[{\"type\": \"conv2d\", \"filters\": 2, "
                                        + "\"kernel\": [3, 2], \"stride\": 2}, {\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 10}]",
                                "{}",
                                "{}"))
                .network()
                .layers()
                .get(0);
        assertArrayEquals(
                new int[] {3, 2, 2, 2, 0, 0},
                new int[] {conv.kernelH(), conv.kernelW(), conv.strideH(), conv.strideW(), conv.padH(), conv.padW()});
    }

    @Test
    void aNameTakesOnlyAJsonString() {
        assertEquals(
                "c.json: key 'network.layers[0].init' must be the name of an initialisation, got 5",
                layer("\"filters\": 2, \"kernel\": 3, \"init\": 5"));
        assertEquals(
                "c.json: key 'network.layers[0].init': unknown initialisation 'he' (one of xavier_uniform, "
                        + "xavier_normal, he_uniform, he_normal, lecun_uniform, lecun_normal)",
                layer("\"filters\": 2, \"kernel\": 3, \"init\": \"he\""));
    }

    @Test
    void nullsAndObjectsAreNamed() {
        assertEquals(
                "c.json: key 'network.layers[0].kernel' is null: give a value, or leave the key out for the default",
                layer("\"filters\": 2, \"kernel\": null"));
        assertEquals(
                "c.json: key 'optimizer.lr' must be a number, boolean, string or list, got {\"v\":1}",
                optimizer("\"lr\": {\"v\": 1}"));
    }
}
