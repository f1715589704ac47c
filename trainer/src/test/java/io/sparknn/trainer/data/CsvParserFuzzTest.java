package io.sparknn.trainer.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.SparknnException;
import io.sparknn.engine.fuzz.FuzzRun;
import io.sparknn.engine.fuzz.Mutations;
import io.sparknn.engine.fuzz.ReaderProperty;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the CSV reader as a data unit runs it ({@link CsvFormat#parse}, then the class check)
 * with mutations of valid CSV files under the formats a config can ask for: every input gives
 * rows or one located {@link DataException} ({@link DataProperty}).
 */
class CsvParserFuzzTest {
    private static final String SOURCE = "hdfs://nn/data/fuzz.csv";

    /** A valid file and the format (and the network's class count) it is read with. */
    private record Sample(String name, String text, CsvFormat format, int classes) {}

    private static final List<Sample> SAMPLES = List.of(
            new Sample(
                    "plain",
                    "5.1,3.5,1.4,0.2,0\n4.9,3.0,1.4,0.2,0\n6.3,3.3,6.0,2.5,2\n-1e-3,+2.5E2,0,7,1\n",
                    CsvFormat.defaults(),
                    3),
            new Sample(
                    "named-header",
                    "a,b,c,label\n1,2,3,0\n\"4\", 5 ,\"6\",1\n\n7,8,9,1\n",
                    CsvFormat.defaults().withHeader(CsvFormat.Header.NAMES),
                    0),
            new Sample(
                    "sklearn-header",
                    "3,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n4.9,3.0,1.4,0.2,1\n6.3,3.3,6.0,2.5,2\n",
                    CsvFormat.sklearn(),
                    3),
            new Sample(
                    "string-labels-semicolon-crlf",
                    "x;y;kind\r\n1;2;cat\r\n\r\n3;4;dog\r\n5;6;\"cat\"\r\n",
                    CsvFormat.defaults()
                            .withDelimiter(';')
                            .withHeader(CsvFormat.Header.NAMES)
                            .withLabelKind(LabelKind.STRING),
                    0),
            new Sample(
                    "regression-label-first-bom",
                    "\uFEFF0.5,1,2\n-1.25,3,4\n1e2,5.5,-6\n",
                    CsvFormat.defaults().withLabelColumn(0).withLabelKind(LabelKind.FLOAT),
                    0),
            new Sample("unlabelled", "1,2,3\n4,5,6\n", CsvFormat.defaults().withLabelKind(LabelKind.NONE), 0),
            new Sample(
                    "tabs-quoted",
                    "1\t\"2\"\t0\n3\t4\t1\n",
                    CsvFormat.defaults().withDelimiter('\t').withClasses(2),
                    2),
            new Sample("pixels", pixels(), CsvFormat.defaults().withClasses(10), 10));

    private static final Mutations MUTATIONS = new Mutations(
            SAMPLES.stream()
                    .map(s -> new Mutations.Seed(s.name(), s.text().getBytes(UTF_8)))
                    .toList(),
            List.of(
                    ",", ";", "\t", "\"", "\"\"", "\n", "\r\n", "\r", " ", "nan", "inf", "-", "e", ".", "0", "1e5",
                    "label", "#", "3,4", "\"a,b\""));

    /** A mutated sample, read with or without skipping malformed lines. */
    record CsvInput(Mutations.Input input, boolean skipMalformed) implements FuzzRun.Case {
        static CsvInput next(SplittableRandom random) {
            return new CsvInput(MUTATIONS.input(random, 4), random.nextBoolean());
        }

        @Override
        public byte[] bytes() {
            return input.bytes();
        }
    }

    @Test
    void everyInputIsRowsOrOneLocatedError() {
        FuzzRun.run("csv", CsvInput::next, in -> {
            Sample sample = SAMPLES.get(in.input().seed());
            CsvFormat format = sample.format().withSkipMalformed(in.skipMalformed());
            DataProperty.check(
                    in.bytes(),
                    () -> {
                        ParsedExamples p = format.parse(new ByteArrayInputStream(in.bytes()), SOURCE)
                                .requireClassesBelow(sample.classes());
                        if (p.stringLabels != null) {
                            p.indexLabels();
                        }
                    },
                    SOURCE);
        });
    }

    /** Found by the fuzzer: a form feed in a header field was shown as it is, a line break on a terminal. */
    @Test
    void aFormFeedInTheHeaderIsShownAsAnEscape() {
        byte[] file = "3\f4,4,a,b,c\n5.1,3.5,1.4,0.2,0\n".getBytes(UTF_8);
        DataException e = assertThrows(
                DataException.class, () -> CsvFormat.sklearn().parse(new ByteArrayInputStream(file), SOURCE));
        assertEquals(
                SOURCE
                        + " line 1: scikit-learn header 'rows,features[,class names...]': '3\\u000C4' is not a row count",
                e.getMessage());
    }

    /**
     * Found by the fuzzer at try 21,919: a scikit-learn header's feature count sized the row buffer
     * before any row was read, so "3,1073741824" ran out of memory (4 GB of floats) for a file of
     * 95 bytes. The buffer now waits for a line with that many columns.
     */
    @Test
    void aHugeFeatureCountInTheHeaderAllocatesNothing() {
        byte[] file =
                "3,1073741824,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n4.9,3.0,1.4,0.2,1\n6.3,3.3,6.0,2.5,2\n"
                        .getBytes(UTF_8);
        SparknnException e = ReaderProperty.check(
                SparknnException.Kind.BAD_DATA,
                SOURCE,
                file.length,
                () -> CsvFormat.sklearn().parse(new ByteArrayInputStream(file), SOURCE));
        assertEquals(SOURCE + " line 2: expected 1073741825 columns, got 5", e.getMessage());
    }

    /** Eight 8×8 digits as the embedded data set writes them: 64 pixel values 0..16 and the class. */
    private static String pixels() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            for (int k = 0; k < 64; k++) {
                s.append((i * 7 + k * 3) % 17).append(',');
            }
            s.append(i).append('\n');
        }
        return s.toString();
    }
}
