package io.sparknn.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(0.999, ((io.sparknn.engine.optim.AdamSpec) c.optimizer()).beta2());
        assertEquals(OutputMode.NEW, c.output().mode());
        assertEquals(0.2, c.table().validationFraction());
    }

    @Test
    void aLayerwiseOptimizersResolvedConfigWritesItsExclusionAsAStringAndReadsBack() throws Exception {
        for (String opt : java.util.List.of(
                "{\"type\": \"lamb\", \"lr\": 0.01, \"exclude\": \"none\"}",
                "{\"type\": \"lars\", \"trust_coefficient\": 0.02}")) {
            JobConfig c = ConfigReader.parse("c.json", with("optimizer", opt));
            JobConfig back = ConfigReader.parse("resolved", c.resolved());
            assertEquals(c.optimizer(), back.optimizer(), opt);
            assertEquals(c.resolved(), back.resolved(), opt);
            var o = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(c.resolved())
                    .get("optimizer");
            assertEquals(
                    opt.contains("none") ? "none" : "bias_and_norm",
                    o.get("exclude").textValue(),
                    o.toString());
        }
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
        assertEquals(
                "c.json: unknown key 'training.batchsize'",
                message(OK.replace("\"training\": {}", "\"training\": {\"batchsize\": 3}")));
        assertEquals("c.json: unknown key 'extra'", message(OK.replace("{\"data\"", "{\"extra\": 1, \"data\"")));
        assertEquals(
                "c.json: missing key 'network.layers[0].units' (unknown key 'network.layers[0].unit' given)",
                message(OK.replace("\"units\": 10", "\"unit\": 10")));
        assertEquals(
                "c.json: unknown key 'optimizer.momentum2'",
                message(OK.replace("\"training\"", "\"optimizer\": {\"momentum2\": 1}, \"training\"")));
    }

    @Test
    void wrongTypesAndRangesAreNamed() {
        assertEquals(
                "c.json: key 'training.batch_size' must be in [1, 2147483647], got -5",
                message(OK.replace("\"training\": {}", "\"training\": {\"batch_size\": -5}")));
        assertEquals(
                "c.json: key 'training.epochs' must be an integer, got \"ten\"",
                message(OK.replace("\"training\": {}", "\"training\": {\"epochs\": \"ten\"}")));
        assertEquals(
                "c.json: key 'optimizer.lr' must be a finite number >= 0, got -0.1",
                message(OK.replace("\"training\"", "\"optimizer\": {\"type\": \"sgd\", \"lr\": -0.1}, \"training\"")));
        assertEquals(
                "c.json: key 'data.format' must be one of builtin, csv, idx, libsvm, parquet, table, text, got 'xml'",
                message(OK.replace("\"builtin\"", "\"xml\"")));
    }

    @Test
    void layerAndOptimizerFieldsKeepJsonTypesStrict() throws Exception {
        assertEquals(
                "c.json: key 'network.layers[0].units' must be an integer, got '10'",
                message(OK.replace("\"units\": 10", "\"units\": \"10\"")));
        assertEquals(
                "c.json: key 'optimizer.lr' must be a number, got '0.1'",
                message(OK.replace("\"training\"", "\"optimizer\": {\"lr\": \"0.1\"}, \"training\"")));
        assertEquals(
                "c.json: key 'network.layers[0].kernel' must be a list of integers, got [[3],2]",
                message(
                        OK.replace(
                                "\"input\": [64], \"layers\": [{\"type\": \"dense\", \"units\": 10}]",
                                "\"input\": [1, 8, 8], \"layers\": [{\"type\": \"conv2d\", \"filters\": 2, \"kernel\": [[3], 2]}]")));
        // and the resolved config writes them with their JSON types
        var resolved = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ExampleConfigsTest.read("mnist-lenet.json").resolved());
        var conv = resolved.get("network").get("layers").get(0);
        assertEquals(true, conv.get("filters").isIntegralNumber(), conv.toString());
        assertEquals(true, conv.get("kernel").isArray(), conv.toString());
        var optimizer = resolved.get("optimizer");
        assertEquals(true, optimizer.get("lr").isNumber(), optimizer.toString());
        assertEquals(true, optimizer.get("nesterov").isBoolean(), optimizer.toString());
    }

    /** OK with {@code section} (the text after its key) set instead of its default or {} . */
    static String with(String section, String body) {
        return switch (section) {
            case "training" -> OK.replace("\"training\": {}", "\"training\": " + body);
            case "layers" -> OK.replace("[{\"type\": \"dense\", \"units\": 10}]", body);
            default -> OK.replace("\"training\"", "\"" + section + "\": " + body + ", \"training\"");
        };
    }

    @Test
    void aKeyGivenTwiceIsNamedWithBothLines() {
        assertEquals(
                "c.json: key 'training.epochs' appears twice (lines 3 and 5): keep one",
                message(with("training", "{\"epochs\": 2,\n  \"batch_size\": 8,\n  \"epochs\": 3}")));
        assertEquals(
                "c.json: key 'network.layers[1].units' appears twice (both on line 2): keep one",
                message(with("layers", "[{\"type\": \"relu\"}, {\"type\": \"dense\", \"units\": 10, \"units\": 12}]")));
        assertEquals(
                "c.json: key 'data' appears twice (lines 1 and 5): keep one",
                message(OK.replace(
                        "\"output\": {\"dir\": \"out\"}}", "\"output\": {\"dir\": \"out\"},\n \"data\": {}}")));
    }

    @Test
    void nanInfinityAndHugeNumbersAreNamedWithTheKeyAndTheValueAsWritten() {
        assertEquals(
                "c.json: key 'optimizer.lr' must be a number, got NaN: NaN and Infinity are not JSON numbers",
                message(with("optimizer", "{\"lr\": NaN}")));
        assertEquals(
                "c.json: key 'training.clip_norm' must be a number, got -Infinity: NaN and Infinity are not JSON "
                        + "numbers",
                message(with("training", "{\"clip_norm\": -Infinity}")));
        assertEquals(
                "c.json: key 'network.input[1]' must be a number, got Infinity: NaN and Infinity are not JSON "
                        + "numbers",
                message(OK.replace("[64]", "[1, Infinity]")));
        assertEquals(
                "c.json: key 'training.clip_norm' must be a number within a double's range (about ±1.8e308), "
                        + "got 1e400",
                message(with("training", "{\"clip_norm\": 1e400}")));
        assertEquals(
                "c.json: key 'network.layers[0].units' must be a number within a double's range (about ±1.8e308), "
                        + "got -2E+999",
                message(OK.replace("\"units\": 10", "\"units\": -2E+999")));
        assertEquals(
                "c.json: key 'data.validation_fraction' must be in [0, 0.9], got 1E0",
                message(OK.replace("\"digits\"", "\"digits\", \"validation_fraction\": 1E0")));
        assertEquals(
                "c.json: key 'training.batch_size' must be an integer, got 1e2",
                message(with("training", "{\"batch_size\": 1e2}")));
        assertEquals(
                "c.json: key 'optimizer.lr' must be a finite number >= 0, got -1.0e-3",
                message(with("optimizer", "{\"lr\": -1.0e-3}")));
    }

    @Test
    void optimizerScheduleAndLayerKeysAreNamedWithTheirFullPath() {
        assertEquals(
                "c.json: key 'optimizer.beta2' must be in [0, 1) as PyTorch requires, got 1.0",
                message(with("optimizer", "{\"type\": \"adam\", \"beta2\": 1}")));
        assertEquals(
                "c.json: key 'optimizer.nesterov': Nesterov momentum requires a momentum and zero dampening, got "
                        + "momentum 0.0 and dampening 0.0",
                message(with("optimizer", "{\"type\": \"sgd\", \"nesterov\": true}")));
        assertEquals(
                "c.json: key 'optimizer.momentum' must be in [0, 1], got 1.5",
                message(with("optimizer", "{\"type\": \"sgd\", \"momentum\": 1.5}")));
        assertEquals(
                "c.json: key 'optimizer.type' must be one of sgd, adagrad, adadelta, rmsprop, adam, adamw, lbfgs, lars, "
                        + "lamb, hessian_free, kfac, got 'adamw2'",
                message(with("optimizer", "{\"type\": \"adamw2\"}")));
        assertEquals(
                "c.json: key 'schedule.step_size' must be an integer >= 1, got 0",
                message(with("schedule", "{\"type\": \"step\", \"step_size\": 0}")));
        assertEquals("c.json: missing key 'schedule.gamma'", message(with("schedule", "{\"type\": \"exponential\"}")));
        assertEquals(
                "c.json: key 'schedule.warmup_start_factor' must be in (0, 1], got 0",
                message(with("schedule", "{\"warmup\": 5, \"warmup_start_factor\": 0}")));
        assertEquals(
                "c.json: unknown key 'schedule.gama'",
                message(with("schedule", "{\"type\": \"step\", \"step_size\": 3, \"gama\": 0.5}")));
        assertEquals(
                "c.json: key 'schedule.type' must be one of constant, step, exponential, cosine, got 'linear'",
                message(with("schedule", "{\"type\": \"linear\"}")));
        assertEquals(
                "c.json: key 'network.layers[1].kernel' must be an integer >= 1, got 0",
                message(OK.replace(
                        "\"input\": [64], \"layers\": [{\"type\": \"dense\", \"units\": 10}]",
                        "\"input\": [1, 8, 8], \"layers\": [{\"type\": \"relu\"}, {\"type\": \"conv2d\", \"filters\": 2, "
                                + "\"kernel\": 0}]")));
        assertEquals(
                "c.json: missing key 'network.layers[0].kernel'",
                message(with("layers", "[{\"type\": \"maxpool2d\"}]")));
        assertEquals(
                "c.json: key 'network.layers[0].units' must be an integer, got 1.5",
                message(OK.replace("\"units\": 10", "\"units\": 1.5")));
        assertEquals(
                "c.json: key 'network.layers[1].p' must be in [0, 0.999999], got 1",
                message(with("layers", "[{\"type\": \"dense\", \"units\": 10}, {\"type\": \"dropout\", \"p\": 1}]")));
        assertEquals(
                "c.json: key 'network.layers[0].type' must be one of dense, conv2d, maxpool2d, avgpool2d, flatten, "
                        + "relu, leaky_relu, sigmoid, tanh, softmax, dropout, batchnorm, embedding, lstm, gru, got 'softmaxx'",
                message(with("layers", "[{\"type\": \"softmaxx\"}]")));
        assertEquals(
                "c.json: key 'data.divisor' must be a finite number > 0, got 0",
                message(OK.replace("\"digits\"", "\"digits\", \"scaling\": \"divide\", \"divisor\": 0")));
    }

    /** training.warmup_steps (η to kη for large batches) and schedule.warmup (PyTorch's LinearLR) are different maths. */
    @Test
    void theTwoWarmUpsCannotBothBeSet() {
        String both = with("schedule", "{\"warmup\": 5}")
                .replace("\"training\": {}", "\"training\": {\"lr_scaling\": \"linear\", \"warmup_steps\": 3}");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse("c.json", both));
        assertTrue(
                e.getMessage()
                        .startsWith("c.json: key 'training.warmup_steps' is 3 and schedule.warmup is 5: they are "
                                + "different warm-ups"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("; set one"), e.getMessage());
        // either alone is read
        assertEquals(
                3,
                ConfigReader.parse("c.json", both.replace("\"warmup\": 5", "\"warmup\": 0"))
                        .training()
                        .warmupSteps());
        ConfigReader.parse("c.json", both.replace("\"warmup_steps\": 3", "\"warmup_steps\": 0"));
    }

    /**
     * A key the format ignores is refused when it says something, and read when it holds its default:
     * the resolved configs of earlier versions wrote every key for every format.
     */
    @Test
    void aKeyOfAnotherFormatIsRefusedUnlessItHoldsItsDefault() {
        String idx = OK.replace(
                "\"format\": \"builtin\", \"train\": \"digits\"",
                "\"format\": \"idx\", \"train\": \"x.idx\", \"train_labels\": \"y.idx\", \"delimiter\": \";\"");
        assertEquals("c.json: key 'data.delimiter' does not apply to format idx: leave it out", message(idx));
        assertEquals(
                DataFormat.IDX,
                ConfigReader.parse("c.json", idx.replace("\";\"", "\",\""))
                        .data()
                        .format());
        assertEquals(
                "c.json: key 'data.features_column' does not apply to format builtin: leave it out",
                message(OK.replace("\"digits\"", "\"digits\", \"features_column\": \"pixels\"")));
        assertEquals(
                "c.json: key 'data.skip_malformed' does not apply to format builtin: leave it out",
                message(OK.replace("\"digits\"", "\"digits\", \"skip_malformed\": true")));
        String older = OK.replace(
                "\"digits\"",
                "\"digits\", \"label_column\": -1, \"delimiter\": \",\", "
                        + "\"header\": \"none\", \"labels\": \"int\", \"skip_malformed\": false, \"features_column\": \"features\", "
                        + "\"label_column_name\": \"label\"");
        assertEquals(
                ConfigReader.parse("c.json", OK).data(),
                ConfigReader.parse("c.json", older).data());
    }

    @Test
    void missingSectionsAndBadJsonAreNamed() {
        assertEquals("c.json: key 'output' is missing", message(OK.replace(",\n \"output\": {\"dir\": \"out\"}", "")));
        String m = message("{\"data\": ");
        assertEquals(true, m.startsWith("c.json: not valid JSON at line 1"), m);
        assertEquals(
                "c.json: not valid JSON at line 2, column 13 (near key 'data.train'): Unexpected character (','"
                        + " (code 44)): was expecting double-quote to start field name",
                message("{\"data\": {\"format\": \"builtin\",\n \"train\": 1,,}}"));
    }

    @Test
    void aNetworkThatDoesNotFitNamesTheLayer() {
        String m = message(OK.replace(
                "\"input\": [64], \"layers\": [{\"type\": \"dense\", \"units\": 10}]",
                "\"input\": [1, 4, 4], \"layers\": [{\"type\": \"maxpool2d\", \"kernel\": 5}]"));
        assertEquals(
                "c.json: network.layers[0] (maxpool2d) with input 1x4x4: maxpool2d window 5x5 is larger than input 1x4x4",
                m);
        assertEquals(
                "c.json: network.layers[1] (dense) with input 64 takes the network past 2,147,483,647 parameters, "
                        + "the most one flat array holds",
                message(with(
                        "layers",
                        "[{\"type\": \"relu\"}, {\"type\": \"dense\", "
                                + "\"units\": 2000000000}, {\"type\": \"dense\", \"units\": 10}]")));
        assertEquals("c.json: key 'network.layers' must hold at least one layer", message(with("layers", "[]")));
    }

    static JobConfig training(String body) {
        return ConfigReader.parse("c.json", OK.replace("\"training\": {}", "\"training\": " + body));
    }

    /**
     * training.aggregation defaults to auto; aggregation_depth is its older spelling (1: depth_1, 2:
     * depth_2), and both may be given when they agree, as the resolved config writes them.
     */
    @Test
    void aggregationIsAutoByDefaultAndAggregationDepthIsItsOlderSpelling() {
        assertEquals(AggregationMode.AUTO, training("{}").training().aggregation());
        assertEquals(
                AggregationMode.DEPTH_1,
                training("{\"aggregation_depth\": 1}").training().aggregation());
        assertEquals(
                AggregationMode.DEPTH_2,
                training("{\"aggregation_depth\": 2}").training().aggregation());
        assertEquals(
                AggregationMode.REDUCE_SCATTER,
                training("{\"aggregation\": \"reduce_scatter\"}").training().aggregation());
        assertEquals(
                AggregationMode.REDUCE_SCATTER,
                training("{\"aggregation\": \"reduce_scatter\", \"aggregation_depth\": 1}")
                        .training()
                        .aggregation());
        assertEquals(2, training("{\"aggregation\": \"depth_2\"}").training().aggregationDepth());
        assertEquals(
                1, training("{\"aggregation\": \"reduce_scatter\"}").training().aggregationDepth());
        String resolved = training("{}").resolved();
        assertTrue(resolved.contains("\"aggregation\" : \"auto\",\n    \"aggregation_depth\" : 1"), resolved);
        assertEquals(resolved, ConfigReader.parse("resolved", resolved).resolved());
    }

    @Test
    void aggregationErrorsNameTheDottedKey() {
        assertEquals(
                "c.json: key 'training.aggregation' must be one of auto, depth_1, depth_2, reduce_scatter, got 'tree'",
                message(OK.replace("\"training\": {}", "\"training\": {\"aggregation\": \"tree\"}")));
        assertEquals(
                "c.json: key 'training.aggregation_depth' must be in [1, 2], got 3",
                message(OK.replace("\"training\": {}", "\"training\": {\"aggregation_depth\": 3}")));
        ConfigException both = assertThrows(
                ConfigException.class,
                () -> training("{\"aggregation\": \"reduce_scatter\", \"aggregation_depth\": 2}"));
        assertTrue(
                both.getMessage()
                        .startsWith("c.json: key 'training.aggregation_depth' is 2 and training.aggregation is "
                                + "reduce_scatter: aggregation_depth is the older spelling of aggregation"),
                both.getMessage());
        assertTrue(both.getMessage().endsWith("; set one"), both.getMessage());
        ConfigException depthOne = assertThrows(
                ConfigException.class, () -> training("{\"aggregation\": \"depth_2\", \"aggregation_depth\": 1}"));
        assertTrue(depthOne.getMessage().startsWith("c.json: key 'training.aggregation_depth' is 1 and"));
        String stateful = """
                {"data": {"format": "text", "train": "t.txt", "mode": "stateful"},
                 "network": {"layers": [{"type": "embedding", "dim": 4}, {"type": "lstm", "hidden": 8}, {"type": "dense"}]},
                 "training": %s, "output": {"dir": "o"}}""";
        assertEquals(
                "c.json: key 'training.aggregation' must be auto or depth_1 with data.mode stateful (the streams' "
                        + "state goes to the driver with each partition's gradient), got reduce_scatter",
                message(stateful.formatted("{\"aggregation\": \"reduce_scatter\"}")));
        assertEquals(
                "c.json: key 'training.aggregation_depth' must be 1 with data.mode stateful (the streams' "
                        + "state goes to the driver with each partition's gradient), got 2",
                message(stateful.formatted("{\"aggregation_depth\": 2}")));
        assertEquals(
                AggregationMode.AUTO,
                ConfigReader.parse("c.json", stateful.formatted("{}"))
                        .training()
                        .aggregation());
    }

    /**
     * training.gradient_wire: float32 unless set, written to the resolved config; a resolved config
     * written before the key existed (no gradient_wire) reads as float32, so a resume of such a run
     * sees no config difference ({@code SpecJsonTest} checks the earlier goldens the same way).
     */
    @Test
    void gradientWireIsFloat32ByDefaultAndWrittenToTheResolvedConfig() {
        assertEquals(GradientWire.FLOAT32, training("{}").training().gradientWire());
        assertEquals(
                GradientWire.BFLOAT16,
                training("{\"gradient_wire\": \"bfloat16\"}").training().gradientWire());
        assertEquals(
                AggregationMode.AUTO,
                training("{\"gradient_wire\": \"bfloat16\"}").training().aggregation(),
                "the wire does not choose the aggregation");
        String resolved = training("{\"gradient_wire\": \"bfloat16\"}").resolved();
        assertTrue(resolved.contains("\"gradient_wire\" : \"bfloat16\""), resolved);
        assertEquals(
                GradientWire.BFLOAT16,
                ConfigReader.parse("resolved", resolved).training().gradientWire(),
                "a resume reads the wire back");
        String defaults = training("{}").resolved();
        assertTrue(defaults.contains("\"gradient_wire\" : \"float32\""), defaults);
        String earlier = defaults.replace(",\n    \"gradient_wire\" : \"float32\"", "");
        assertFalse(earlier.contains("gradient_wire"), "the config as a version before the key wrote it");
        assertEquals(defaults, ConfigReader.parse("earlier", earlier).resolved());
    }

    @Test
    void gradientWireErrorsNameTheDottedKey() {
        assertEquals(
                "c.json: key 'training.gradient_wire' must be one of float32, bfloat16, got 'float16'",
                message(OK.replace("\"training\": {}", "\"training\": {\"gradient_wire\": \"float16\"}")));
        assertEquals(
                "c.json: key 'training.gradient_wire' must be a string, got 16",
                message(OK.replace("\"training\": {}", "\"training\": {\"gradient_wire\": 16}")));
        String stateful = """
                {"data": {"format": "text", "train": "t.txt", "mode": "stateful"},
                 "network": {"layers": [{"type": "embedding", "dim": 4}, {"type": "lstm", "hidden": 8}, {"type": "dense"}]},
                 "training": {"gradient_wire": "bfloat16"}, "output": {"dir": "o"}}""";
        assertEquals(
                "c.json: key 'training.gradient_wire' must be float32 with data.mode stateful (the streams' gradients "
                        + "go to the driver in the network's precision), got bfloat16",
                message(stateful));
    }
}
