package io.sparknn.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every example config in conf/ is valid, and the networks are the documented ones. */
class ExampleConfigsTest {
    static final Path CONF = Path.of("..", "conf");

    static JobConfig read(String name) throws Exception {
        Path p = CONF.resolve(name);
        return ConfigReader.parse(p.toString(), Files.readString(p));
    }

    @Test
    void everyExampleConfigParses() throws Exception {
        List<Path> configs;
        try (Stream<Path> s = Files.list(CONF)) {
            configs = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(configs.size() >= 4, configs.toString());
        for (Path p : configs) {
            ConfigReader.parse(p.toString(), Files.readString(p)); // one schema, the character model's too
        }
    }

    @Test
    void theExampleNetworksHaveTheirPublishedSizes() throws Exception {
        assertEquals(
                784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10,
                read("mnist-mlp.json").network().paramCount());
        // LeNet: conv 1→20 5×5, conv 20→50 5×5, dense 800→500, dense 500→10
        assertEquals(
                20 * 25 + 20 + 50 * 20 * 25 + 50 + 800 * 500 + 500 + 5010,
                read("mnist-lenet.json").network().paramCount());
        assertEquals(10, read("digits-mlp.json").network().output().size());
        // the character model: embedding 32, LSTM 256 (PyTorch's two biases), dense over the text's characters (80
        // here)
        assertEquals(
                80 * 32 + 4 * 256 * (32 + 256) + 2 * 4 * 256 + 256 * 80 + 80,
                read("kjv-char-lstm.json").textNetwork().forVocabulary(80).paramCount());
    }
}
