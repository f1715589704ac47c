package io.sparknn.trainer.data;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sparknn.engine.fuzz.FuzzSettings;
import io.sparknn.engine.fuzz.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.hadoop.conf.Configuration;

/**
 * Fuzzes the text reader as a text run reads its data ({@link TextReader#readFile} of a local file
 * through Hadoop) with mutations of valid UTF-8 texts: every input is a text or one
 * {@link DataException} at a byte (and line) of the file.
 */
@AddLifecycleHook(FuzzSettings.class)
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

    @Property(shrinking = ShrinkingMode.BOUNDED)
    void everyInputIsTextOrOneLocatedError(@ForAll("texts") Mutations.Input in, @ForAll("maxChars") long maxChars)
            throws IOException {
        Files.write(FILE, in.bytes());
        DataProperty.check(in.bytes(), () -> TextReader.readFile(FILE.toString(), maxChars, HADOOP), FILE.toString());
    }

    @Provide
    Arbitrary<Mutations.Input> texts() {
        return MUTATIONS.inputs(4);
    }

    @Provide
    Arbitrary<Long> maxChars() {
        return Arbitraries.of(0L, 1L, 7L, 1000L);
    }

    @AfterContainer
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
