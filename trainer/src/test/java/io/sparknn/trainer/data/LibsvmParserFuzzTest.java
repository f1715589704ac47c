package io.sparknn.trainer.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.fuzz.FuzzRun;
import io.sparknn.engine.fuzz.Mutations;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the LIBSVM reader as a data unit runs it (the network's width given, class or float
 * labels, then the class check) with mutations of valid files: every input gives rows or one
 * located {@link DataException} ({@link DataProperty}).
 */
class LibsvmParserFuzzTest {
    private static final String SOURCE = "file:/data/fuzz.svm";

    private record Sample(String name, String text, LabelKind labels, int width, int classes) {}

    private static final List<Sample> SAMPLES = List.of(
            new Sample(
                    "classes",
                    "1 1:0.5 3:-2 10:1e-3\n0 2:1\n2 1:1 2:2 3:3 # a comment\n\n# only a comment\n1\n",
                    LabelKind.CLASS_INDEX,
                    10,
                    3),
            new Sample("regression-tabs-crlf", "0.25\t1:1\t4:-0.5\r\n-3.5e2 2:7 3:8\r\n", LabelKind.FLOAT, 4, 0),
            new Sample("gzipped", null, LabelKind.CLASS_INDEX, 6, 2));

    private static final Mutations MUTATIONS = new Mutations(
            SAMPLES.stream().map(LibsvmParserFuzzTest::seed).toList(),
            List.of(" ", "\t", ":", "#", "qid:1", "\n", "\r\n", "-1", "+1", "1:", ":1", "0:1", "nan", "1e5", "."));

    /** A mutated sample, read with or without skipping malformed lines. */
    record LibsvmInput(Mutations.Input input, boolean skipMalformed) implements FuzzRun.Case {
        static LibsvmInput next(SplittableRandom random) {
            return new LibsvmInput(MUTATIONS.input(random, 4), random.nextBoolean());
        }

        @Override
        public byte[] bytes() {
            return input.bytes();
        }
    }

    @Test
    void everyInputIsRowsOrOneLocatedError() {
        FuzzRun.run("libsvm", LibsvmInput::next, in -> {
            Sample sample = SAMPLES.get(in.input().seed());
            LibsvmFormat format = LibsvmFormat.defaults()
                    .withWidth(sample.width())
                    .withLabelKind(sample.labels())
                    .withSkipMalformed(in.skipMalformed());
            DataProperty.check(
                    in.bytes(),
                    () -> format.parse(new ByteArrayInputStream(in.bytes()), SOURCE)
                            .requireClassesBelow(sample.classes()),
                    SOURCE);
        });
    }

    /** Found by the fuzzer: a CR inside a line (only a line's last one ends it) went into the message as it is. */
    @Test
    void aCarriageReturnInsideATokenIsShownAsAnEscape() {
        byte[] file = "0.25\t1:1\t4:-0.5\r\u0002-3.5e2 2:7\r\n".getBytes(UTF_8);
        LibsvmFormat format = LibsvmFormat.defaults().withWidth(4).withLabelKind(LabelKind.FLOAT);
        DataException e = assertThrows(DataException.class, () -> format.parse(new ByteArrayInputStream(file), SOURCE));
        assertEquals(
                SOURCE + " line 1: token 3 ('4:-0.5\\r\\u0002-3.5e2'): '-0.5\\r\\u0002-3.5e2' is not a number",
                e.getMessage());
    }

    private static Mutations.Seed seed(Sample s) {
        byte[] b = s.text() != null ? s.text().getBytes(UTF_8) : Mutations.gzip("1 1:1 6:2\n0 3:0.5\n".getBytes(UTF_8));
        return new Mutations.Seed(s.name(), b);
    }
}
