package io.sparknn.trainer.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.SparknnException;
import io.sparknn.engine.fuzz.FuzzRun;
import io.sparknn.engine.fuzz.Mutations;
import io.sparknn.engine.fuzz.ReaderProperty;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the config reader as the jobs run it ({@link ConfigReader#parse} of the file's bytes
 * decoded as UTF-8) with mutations of valid configs of every data format: every input is a config
 * or one {@link SparknnException} of kind BAD_CONFIG (exit 3) on one line naming the file
 * ({@link ReaderProperty}).
 */
class ConfigReaderFuzzTest {
    private static final String SOURCE = "conf/fuzz.json";

    private static final Mutations MUTATIONS = new Mutations(
            List.of(
                    seed("csv-mlp.json"),
                    seed("libsvm-regression.json"),
                    seed("idx-cnn.json"),
                    seed("text-lstm.json"),
                    seed("builtin-digits.json")),
            List.of(
                    "{",
                    "}",
                    "[",
                    "]",
                    ",",
                    ":",
                    "\"",
                    "null",
                    "true",
                    "false",
                    "\\u0000",
                    "\\n",
                    "\\\"",
                    "\\ud800",
                    "\"type\": \"dense\"",
                    "\"units\": ",
                    "\"layers\": []",
                    "\"input\": [1, 28, 28]",
                    "{}",
                    "[]",
                    "\"format\": \"text\"",
                    "\"mode\": \"stateful\"",
                    "//",
                    "/*",
                    "NaN",
                    "-Infinity",
                    "1e999",
                    "0.0",
                    "\"data\"",
                    "\"a\": 1, \"a\": 2",
                    "\"conv2d\"",
                    "\"lstm\"",
                    "\"kernel\": [3, 2]"));

    @Test
    void everyInputIsAConfigOrOneClearError() {
        FuzzRun.run(
                "config",
                random -> MUTATIONS.input(random, 4),
                in -> ReaderProperty.check(
                        SparknnException.Kind.BAD_CONFIG,
                        SOURCE,
                        in.bytes().length,
                        () -> assertNotNull(ConfigReader.parse(SOURCE, new String(in.bytes(), UTF_8)))));
    }

    /** Found by the fuzzer (a "\\n" escape in a string value): the message quoted the line break as it is. */
    @Test
    void aLineBreakInAValueIsQuotedOnOneLine() {
        String config = "{\"data\": {\"format\": \"\\nlibsvm\", \"train\": \"x\"}}";
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse(SOURCE, config));
        assertEquals(
                SOURCE + ": key 'data.format' must be one of builtin, csv, idx, libsvm, parquet, table, text, got"
                        + " '\\nlibsvm'",
                e.getMessage());
    }

    private static Mutations.Seed seed(String name) {
        try (InputStream in = ConfigReaderFuzzTest.class.getResourceAsStream("/fuzz/config/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource fuzz/config/" + name);
            }
            return new Mutations.Seed(name, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
