package io.sparknn.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Shape;
import io.sparknn.engine.layer.DenseSpec;
import io.sparknn.engine.layer.EmbeddingSpec;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.loss.LossKind;
import org.junit.jupiter.api.Test;

/** A text config's network: sized by the text's vocabulary, checked before any text is read. */
class TextNetworkTest {
    private static final String TEMPLATE = """
            {"data": {"format": "text", "train": "t.txt", "window": 12, "stride": 6, "mode": "sliding"},
             "network": {"precision": "float64", "layers": [%s]%s},
             "training": {"batch_size": 4},
             "output": {"dir": "out"}}
            """;

    private static JobConfig parse(String layers, String more) {
        return ConfigReader.parse("c.json", TEMPLATE.formatted(layers, more));
    }

    private static JobConfig parse(String layers) {
        return parse(layers, "");
    }

    private static final String CHAR_MODEL = """
            {"type": "embedding", "dim": 4}, {"type": "lstm", "hidden": 8}, {"type": "dense"}""";

    @Test
    void theEmbeddingsVocabularyAndTheLastDenseUnitsComeFromTheText() {
        JobConfig c = parse(CHAR_MODEL);
        assertNull(c.network(), "the network is not known before the text is read");
        NetworkSpec spec = c.withVocabulary(37).network();
        // the network the char-lm job of earlier versions built for embedding 4, lstm [8]
        NetworkSpec expected = NetworkSpec.builder(Shape.of(12))
                .embedding(37, 4)
                .lstm(8, true)
                .dense(37)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(expected.toText(), spec.toText());
        assertEquals(new EmbeddingSpec(37, 4), spec.layers().get(0));
        assertEquals(37, ((DenseSpec) spec.layers().get(2)).units());
    }

    @Test
    void theResolvedConfigLeavesOutWhatTheTextGivesAndReadsBackToItself() throws Exception {
        JobConfig c = parse(CHAR_MODEL);
        JsonNode net = new ObjectMapper().readTree(c.resolved()).get("network");
        assertTrue(net.get("input") == null, net.toString());
        assertTrue(net.get("layers").get(0).get("vocab") == null, net.toString());
        assertTrue(net.get("layers").get(2).get("units") == null, net.toString());
        assertEquals(4, net.get("layers").get(0).get("dim").asInt());
        assertEquals("float64", net.get("precision").asText());
        JsonNode data = new ObjectMapper().readTree(c.resolved()).get("data");
        assertEquals("sliding", data.get("mode").asText());
        assertEquals(0.05, data.get("validation_fraction").asDouble(), 0.0, "a text's own default");
        assertEquals(c.resolved(), ConfigReader.parse("resolved", c.resolved()).resolved());
    }

    @Test
    void sizesWrittenOutMustFitTheText() {
        JobConfig c = parse("""
                {"type": "embedding", "vocab": 30, "dim": 4}, {"type": "lstm", "hidden": 8}, {"type": "dense"}""");
        assertEquals(
                30, ((EmbeddingSpec) c.withVocabulary(30).network().layers().get(0)).vocab());
        ConfigException e = assertThrows(ConfigException.class, () -> c.withVocabulary(31));
        assertEquals(
                "c.json: key 'network.layers[0].vocab' is 30, but the text has 31 distinct characters: leave the "
                        + "key out to take the text's",
                e.getMessage());
        JobConfig units = parse("""
                {"type": "embedding", "dim": 4}, {"type": "lstm", "hidden": 8}, {"type": "dense", "units": 30}""");
        ConfigException out = assertThrows(ConfigException.class, () -> units.withVocabulary(31));
        assertTrue(
                out.getMessage()
                        .startsWith("c.json: network: the output is 12x30, but the next character at each "
                                + "of data.window's positions over a vocabulary of 31 needs 12x31"),
                out.getMessage());
    }

    @Test
    void aBadLayerIsReportedWhenTheConfigIsReadNotAfterTheText() {
        SpecException e = assertThrows(SpecException.class, () -> parse("""
                {"type": "embedding", "dim": 4}, {"type": "lstm", "hiden": 8}, {"type": "dense"}"""));
        assertTrue(e.getMessage().contains("network.layers[1].hidden"), e.getMessage());
        ConfigException input = assertThrows(ConfigException.class, () -> parse(CHAR_MODEL, ", \"input\": [12]"));
        assertEquals(
                "c.json: key 'network.input' is not written for data.format text: the input is data.window (12) "
                        + "character ids",
                input.getMessage());
        ConfigException last = assertThrows(ConfigException.class, () -> parse("""
                {"type": "embedding", "dim": 4}, {"type": "lstm", "hidden": 8, "sequences": false}, {"type": "dense"}"""));
        assertEquals(
                "c.json: network: the output is 2, but a text needs one score per character of the vocabulary at "
                        + "each of data.window's 12 positions (12xV): recurrent layers keep their sequences, and a dense layer "
                        + "without units ends the network",
                last.getMessage());
        ConfigException loss = assertThrows(ConfigException.class, () -> parse(CHAR_MODEL, ", \"loss\": \"mse\""));
        assertTrue(
                loss.getMessage()
                        .startsWith(
                                "c.json: key 'network.loss' must be softmax_cross_entropy for " + "data.format text"),
                loss.getMessage());
    }

    @Test
    void aTextTakesOnlyItsOwnDataKeys() {
        String withDelimiter = TEMPLATE.formatted(CHAR_MODEL, "")
                .replace("\"mode\": \"sliding\"", "\"mode\": \"sliding\", \"delimiter\": \";\"");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse("c.json", withDelimiter));
        assertEquals("c.json: unknown key 'data.delimiter'", e.getMessage());
        ConfigException stride = assertThrows(
                ConfigException.class,
                () -> ConfigReader.parse(
                        "c.json", TEMPLATE.formatted(CHAR_MODEL, "").replace("\"stride\": 6", "\"stride\": 13")));
        assertTrue(
                stride.getMessage().startsWith("c.json: key 'data.stride' must be in [1, 12], got 13"),
                stride.getMessage());
    }

    @Test
    void eachKeyOfTheOldCharLmConfigSaysWhereItMoved() {
        String text = TEMPLATE.formatted(CHAR_MODEL, "");
        ConfigException precision = assertThrows(
                ConfigException.class,
                () -> ConfigReader.parse(
                        "c.json", text.replace("\"batch_size\": 4", "\"batch_size\": 4, \"precision\": \"float64\"")));
        assertEquals(
                "c.json: key 'training.precision' is a key of the char-lm config of earlier versions: it moved to "
                        + "network.precision",
                precision.getMessage());
        ConfigException chars = assertThrows(
                ConfigException.class,
                () -> ConfigReader.parse(
                        "c.json", text.replace("\"batch_size\": 4", "\"batch_size\": 4, \"max_train_chars\": 1200")));
        assertTrue(
                chars.getMessage()
                        .startsWith("c.json: key 'training.max_train_chars' is a key of the char-lm config "
                                + "of earlier versions: it moved to training.max_steps"),
                chars.getMessage());
        ConfigException lstm = assertThrows(
                ConfigException.class,
                () -> ConfigReader.parse("c.json", text.replace("\"precision\": \"float64\", ", "\"lstm\": [8], ")));
        assertTrue(
                lstm.getMessage()
                        .startsWith("c.json: key 'network.lstm' is a key of the char-lm config of earlier "
                                + "versions: it moved to network.layers"),
                lstm.getMessage());
    }
}
