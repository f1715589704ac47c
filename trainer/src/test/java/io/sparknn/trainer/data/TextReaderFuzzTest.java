package io.sparknn.trainer.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.fuzz.FuzzRun;
import io.sparknn.engine.fuzz.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the text reader as a text run reads its data ({@link TextReader#readFile} of a local file
 * through Hadoop) with mutations of valid UTF-8 texts: every input is a text or one
 * {@link DataException} at a byte (and line) of the file.
 */
class TextReaderFuzzTest {
    private static final Configuration HADOOP = new Configuration();
    private static final Path DIR = directory();
    private static final Path FILE = DIR.resolve("fuzz.txt");

    private static final Mutations MUTATIONS = new Mutations(
            List.of(
                    new Mutations.Seed("ascii", "In the beginning\nwas the word.\r\n\n".getBytes(UTF_8)),
                    new Mutations.Seed("multibyte", "\uFEFFé à ü — 漢字 😀\nline two\n".getBytes(UTF_8)),
                    new Mutations.Seed(
                            "gzipped",
                            Mutations.gzip("to be, or not to be\n".repeat(20).getBytes(UTF_8)))),
            List.of("\n", "\r\n", "é", "😀", "\uFEFF", "\0", " "));

    private static final long[] MAX_CHARS = {0, 1, 7, 1000};

    /** A mutated text, read with a character limit (0: none). */
    record TextInput(Mutations.Input input, long maxChars) implements FuzzRun.Case {
        static TextInput next(SplittableRandom random) {
            return new TextInput(MUTATIONS.input(random, 4), MAX_CHARS[random.nextInt(MAX_CHARS.length)]);
        }

        @Override
        public byte[] bytes() {
            return input.bytes();
        }
    }

    @Test
    void everyInputIsTextOrOneLocatedError() {
        FuzzRun.Outcomes o = FuzzRun.run("text", TextInput::next, in -> {
            Files.write(FILE, in.bytes());
            DataProperty.check(
                    in.bytes(), () -> TextReader.readFile(FILE.toString(), in.maxChars(), HADOOP), FILE.toString());
        });
        if (o.tries() >= 100) {
            assertTrue(o.read() > 0 && o.refused() > 0, "the mutations reach both sides of the reader: " + o);
        }
    }

    /** The property's own yardstick: a stray byte on the second line is refused at its byte and line. */
    @Test
    void anInvalidByteIsOneErrorAtItsByteAndLine() throws IOException {
        byte[] text = {'a', 'b', '\n', 'c', 'd', (byte) 0xFF, 'e', '\n'};
        Files.write(FILE, text);
        DataException e = assertThrows(DataException.class, () -> TextReader.readFile(FILE.toString(), 0, HADOOP));
        assertEquals(5, e.byteOffset());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("invalid UTF-8: byte FF"), e.getMessage());
        DataProperty.check(text, () -> TextReader.readFile(FILE.toString(), 0, HADOOP), FILE.toString());
    }

    @AfterAll
    static void removeFile() throws IOException {
        Files.deleteIfExists(FILE);
        Files.deleteIfExists(DIR);
    }

    private static Path directory() {
        try {
            return Files.createTempDirectory("text-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
