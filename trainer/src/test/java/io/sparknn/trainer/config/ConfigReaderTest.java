package io.sparknn.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;

/** Every config error names the file and the key; defaults are PyTorch's and the documented ones. */
class ConfigReaderTest {
    static final String OK = """
            {"data": {"format": "builtin", "train": "digits"},
             "network": {"input": [64], "layers": [{"type": "dense", "units": 10}]},
             "training": {},
             "output": {"dir": "out"}}""";

    static String message(String json) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> ConfigReader.parse("c.json", json));
        return e.getMessage();
    }

    @Test
    void defaultsAreFilledIn() {
        JobConfig c = ConfigReader.parse("c.json", OK);
        assertEquals(64, c.training().batchSize());
        assertEquals(OptimizerSpec.Kind.ADAM, c.optimizer().kind());
        assertEquals(0.001, c.optimizer().lr());
        assertEquals(0.999, c.optimizer().beta2());
        assertEquals("new", c.output().mode());
        assertEquals(0.2, c.data().validationFraction());
    }

    @Test
    void theResolvedConfigReadsBackAsTheSameConfig() throws Exception {
        for (String name : java.util.List.of("digits-mlp.json", "mnist-lenet.json", "fashion-mnist-cnn.json")) {
            JobConfig c = ExampleConfigsTest.read(name);
            JobConfig back = ConfigReader.parse("resolved", c.resolved());
            assertEquals(c.data(), back.data(), name);
            assertEquals(c.network(), back.network(), name);
            assertEquals(c.precision(), back.precision(), name);
            assertEquals(c.optimizer(), back.optimizer(), name);
            assertEquals(c.schedule(), back.schedule(), name);
            assertEquals(c.training(), back.training(), name);
            assertEquals(c.output(), back.output(), name);
            assertEquals(c.resolved(), back.resolved(), name);
        }
    }

    @Test
    void unknownKeysAreNamedWithTheirPath() {
        assertEquals("c.json: unknown key 'training.batchsize'",
                message(OK.replace("\"training\": {}", "\"training\": {\"batchsize\": 3}")));
        assertEquals("c.json: unknown key 'extra'", message(OK.replace("{\"data\"", "{\"extra\": 1, \"data\"")));
        assertEquals("c.json: network.layers[0] (dense): missing key 'units' (unknown key 'unit' given)",
                message(OK.replace("\"units\": 10", "\"unit\": 10")));
        assertEquals("c.json: optimizer (adam): unknown key 'momentum2'",
                message(OK.replace("\"training\"", "\"optimizer\": {\"momentum2\": 1}, \"training\"")));
    }

    @Test
    void wrongTypesAndRangesAreNamed() {
        assertEquals("c.json: key 'training.batch_size' must be in [1, 2147483647], got -5",
                message(OK.replace("\"training\": {}", "\"training\": {\"batch_size\": -5}")));
        assertEquals("c.json: key 'training.epochs' must be an integer, got \"ten\"",
                message(OK.replace("\"training\": {}", "\"training\": {\"epochs\": \"ten\"}")));
        assertEquals("c.json: optimizer (sgd): key 'lr' must be a number in [0.0, 1.7976931348623157E308], got '-0.1'",
                message(OK.replace("\"training\"", "\"optimizer\": {\"type\": \"sgd\", \"lr\": -0.1}, \"training\"")));
        assertEquals("c.json: key 'data.format' must be one of builtin, csv, idx, libsvm, parquet, table, got 'xml'",
                message(OK.replace("\"builtin\"", "\"xml\"")));
    }

    @Test
    void layerAndOptimizerFieldsKeepJsonTypesStrict() throws Exception {
        assertEquals("c.json: key 'network.layers[0].units' must be a JSON number or boolean, not the string \"10\"",
                message(OK.replace("\"units\": 10", "\"units\": \"10\"")));
        assertEquals("c.json: key 'optimizer.lr' must be a JSON number or boolean, not the string \"0.1\"",
                message(OK.replace("\"training\"", "\"optimizer\": {\"lr\": \"0.1\"}, \"training\"")));
        assertEquals("c.json: key 'network.layers[0].kernel' must be a list of integers, got [[3],2]",
                message(OK.replace("\"input\": [64], \"layers\": [{\"type\": \"dense\", \"units\": 10}]",
                        "\"input\": [1, 8, 8], \"layers\": [{\"type\": \"conv2d\", \"filters\": 2, \"kernel\": [[3], 2]}]")));
        // and the resolved config writes them with their JSON types
        var resolved = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                ExampleConfigsTest.read("mnist-lenet.json").resolved());
        var conv = resolved.get("network").get("layers").get(0);
        assertEquals(true, conv.get("filters").isIntegralNumber(), conv.toString());
        assertEquals(true, conv.get("kernel").isArray(), conv.toString());
        var optimizer = resolved.get("optimizer");
        assertEquals(true, optimizer.get("lr").isNumber(), optimizer.toString());
        assertEquals(true, optimizer.get("nesterov").isBoolean(), optimizer.toString());
    }

    @Test
    void missingSectionsAndBadJsonAreNamed() {
        assertEquals("c.json: key 'output' is missing", message(OK.replace(",\n \"output\": {\"dir\": \"out\"}", "")));
        String m = message("{\"data\": ");
        assertEquals(true, m.startsWith("c.json: not valid JSON at line 1"), m);
    }

    @Test
    void aNetworkThatDoesNotFitNamesTheLayer() {
        String m = message(OK.replace("\"input\": [64], \"layers\": [{\"type\": \"dense\", \"units\": 10}]",
                "\"input\": [1, 4, 4], \"layers\": [{\"type\": \"maxpool2d\", \"kernel\": 5}]"));
        assertEquals("c.json: network: layer 1 (maxpool2d) with input 1x4x4: maxpool2d window 5x5 is larger than input 1x4x4", m);
    }
}
