package io.sparknn.trainer.data;

import static io.sparknn.trainer.data.Inputs.bytes;
import static io.sparknn.trainer.data.Inputs.fails;
import static io.sparknn.trainer.data.Inputs.gzip;
import static io.sparknn.trainer.data.Inputs.text;
import static io.sparknn.trainer.data.Inputs.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.train.ExampleBlock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatTest {
    private static final String IRIS_LIKE = """
            4,4,setosa,versicolor,virginica
            5.1,3.5,1.4,0.2,0
            7.0,3.2,4.7,1.4,1
            6.3,3.3,6.0,2.5,2
            4.9,3.0,1.4,0.2,0
            """;

    private static ParsedExamples parse(CsvFormat format, String content, String source) throws IOException {
        return format.parse(text(content), source);
    }

    @Test
    void withoutALabelColumnEveryColumnIsAFeature() throws IOException {
        ParsedExamples p = parse(CsvFormat.defaults().withLabelKind(LabelKind.NONE), "1,2,3\n4,5,6\n", "raw.csv");
        assertEquals(3, p.width);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, p.features);
        assertEquals(false, p.hasLabels());
        DataException e = assertThrows(
                DataException.class,
                () -> parse(CsvFormat.defaults().withLabelKind(LabelKind.NONE), "1,2,3\n4,x,6\n", "raw.csv"));
        assertEquals(true, e.getMessage().startsWith("raw.csv line 2: column 2"), e.getMessage());
    }

    @Test
    void sklearnHeaderGivesClassNamesAndRows() throws IOException {
        ParsedExamples p = parse(CsvFormat.sklearn(), IRIS_LIKE, "iris.csv");
        assertEquals(4, p.n);
        assertEquals(4, p.width);
        assertArrayEquals(new int[] {4}, p.shape);
        assertEquals(List.of("setosa", "versicolor", "virginica"), p.labelNames);
        assertArrayEquals(new int[] {0, 1, 2, 0}, p.labels);
        assertArrayEquals(new float[] {7.0f, 3.2f, 4.7f, 1.4f}, p.row(1));
        assertArrayEquals(new long[] {2, 3, 4, 5}, p.lineNumbers);
        assertNull(p.stringLabels);
        ExampleBlock block = p.toBlock(100);
        assertArrayEquals(new long[] {100, 101, 102, 103}, block.ids);
        assertArrayEquals(p.labels, block.labels);
    }

    @Test
    void digitsLikeGzippedCsvWithoutHeader() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 64; c++) {
                s.append((r * 64 + c) % 17).append(',');
            }
            s.append(r * 3).append('\n');
        }
        // Named .csv but gzipped: detection goes by the bytes.
        ParsedExamples p = CsvFormat.defaults().parse(bytes(gzip(utf8(s.toString()))), "digits.csv");
        assertEquals(3, p.n);
        assertEquals(64, p.width);
        assertArrayEquals(new int[] {0, 3, 6}, p.labels);
        assertEquals((64 + 63) % 17, p.features[64 + 63]);
        assertEquals(0, p.skippedBlank);
    }

    @Test
    void gzNameButPlainContentIsReadAsPlain() throws IOException {
        ParsedExamples p = parse(CsvFormat.defaults(), "1,2,0\n", "plain.csv.gz");
        assertArrayEquals(new float[] {1, 2}, p.features);
    }

    @Test
    void namesHeaderFirstLabelColumnStringLabelsCrlfQuotesAndBlankLines() throws IOException {
        String csv = "species;\"sepal length\";width\r\n"
                + "\"iris \"\"setosa\"\"\";5.1;-3.5e-1\r\n"
                + "\r\n"
                + "versicolor ; 7 ; 3.25\r\n";
        ParsedExamples p = CsvFormat.defaults()
                .withDelimiter(';')
                .withHeader(CsvFormat.Header.NAMES)
                .withLabelColumn(0)
                .withLabelKind(LabelKind.STRING)
                .parse(text(csv), "s.csv");
        assertArrayEquals(new String[] {"iris \"setosa\"", "versicolor"}, p.stringLabels);
        assertArrayEquals(new float[] {5.1f, -0.35f, 7f, 3.25f}, p.features);
        assertEquals(1, p.skippedBlank);
        assertArrayEquals(new long[] {2, 4}, p.lineNumbers);
        ParsedExamples indexed = p.indexLabels();
        assertEquals(List.of("iris \"setosa\"", "versicolor"), indexed.labelNames);
        assertArrayEquals(new int[] {0, 1}, indexed.labels);
    }

    @Test
    void floatTargetsFromAMiddleColumn() throws IOException {
        ParsedExamples p = parse(
                CsvFormat.defaults().withLabelKind(LabelKind.FLOAT).withLabelColumn(-2),
                "1,2.5,3\n4,-0.125,6\n",
                "r.csv");
        assertArrayEquals(new float[] {2.5f, -0.125f}, p.targets);
        assertArrayEquals(new float[] {1, 3, 4, 6}, p.features);
        ExampleBlock b = p.toBlock(0);
        assertArrayEquals(p.targets, b.targets);
    }

    @Test
    void integralDecimalClassLabelIsAccepted() throws IOException {
        assertArrayEquals(new int[] {2}, parse(CsvFormat.defaults(), "1,2,2.0\n", "a.csv").labels);
    }

    @Test
    void realFileOnDisk(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("iris.csv");
        Files.writeString(file, IRIS_LIKE);
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals(4, CsvFormat.sklearn().parse(in, file.toString()).n);
        }
    }

    @Test
    void theCallersStreamIsLeftOpen() throws IOException {
        boolean[] closed = {false};
        InputStream in = new java.io.ByteArrayInputStream(gzip(utf8("1,2,0\n"))) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        CsvFormat.defaults().parse(in, "a.csv");
        assertFalse(closed[0]);
    }

    // ---- errors: each names the source and the line ----

    @Test
    void tooFewColumns() {
        fails(
                "digits.csv line 3: expected 3 columns, got 2",
                () -> parse(CsvFormat.defaults(), "1,2,0\n3,4,1\n5,1\n", "digits.csv"));
    }

    @Test
    void tooManyColumns() {
        fails(
                "d.csv line 2: expected 3 columns, got 4",
                () -> parse(CsvFormat.defaults(), "1,2,0\n3,4,5,1\n", "d.csv"));
    }

    @Test
    void sklearnHeaderFixesTheColumnCount() {
        fails(
                "iris.csv line 3: expected 5 columns, got 6",
                () -> parse(CsvFormat.sklearn(), "2,4,a,b\n1,2,3,4,0\n1,2,3,4,5,1\n", "iris.csv"));
    }

    @Test
    void nonNumericFeatureNamesTheColumn() {
        fails(
                "n.csv line 2: column 2 (width): 'abc' is not a number",
                () -> parse(
                        CsvFormat.defaults().withHeader(CsvFormat.Header.NAMES), "length,width,y\n1,abc,0\n", "n.csv"));
    }

    @Test
    void emptyFeatureValue() {
        fails("e.csv line 1: column 1: empty value", () -> parse(CsvFormat.defaults(), ",2,0\n", "e.csv"));
    }

    @Test
    void nanFeature() {
        fails(
                "nan.csv line 2: column 3: 'NaN' is not a finite number",
                () -> parse(CsvFormat.defaults(), "1,2,3,0\n1,2,NaN,0\n", "nan.csv"));
    }

    @Test
    void infiniteFeature() {
        fails(
                "inf.csv line 1: column 1: '-Infinity' is not a finite number",
                () -> parse(CsvFormat.defaults(), "-Infinity,2,0\n", "inf.csv"));
    }

    @Test
    void featureBeyondFloatRangeIsInfinite() {
        fails(
                "big.csv line 1: column 2: '1e39' is not a finite number",
                () -> parse(CsvFormat.defaults(), "1,1e39,0\n", "big.csv"));
    }

    @Test
    void emptyFile() {
        fails("empty.csv line 1: empty file", () -> parse(CsvFormat.defaults(), "", "empty.csv"));
        fails(
                "empty.csv line 1: empty file: expected a header line",
                () -> parse(CsvFormat.sklearn(), "", "empty.csv"));
    }

    @Test
    void onlyBlankLines() {
        fails(
                "blank.csv line 3: no data rows, only blank lines",
                () -> parse(CsvFormat.defaults(), "\n  \n", "blank.csv"));
    }

    @Test
    void headerOnly() {
        fails(
                "h.csv line 2: no data rows after the header on line 1",
                () -> parse(CsvFormat.sklearn(), "0,4,a,b\n", "h.csv"));
    }

    @Test
    void negativeLabel() {
        fails(
                "neg.csv line 2: column 3: label -1 is negative: class labels are indices 0, 1, 2, ...",
                () -> parse(CsvFormat.defaults(), "1,2,0\n1,2,-1\n", "neg.csv"));
    }

    @Test
    void fractionalLabel() {
        fails(
                "f.csv line 1: column 3: label '1.5' is not an integer class index",
                () -> parse(CsvFormat.defaults(), "1,2,1.5\n", "f.csv"));
    }

    @Test
    void classNameWhereAnIndexIsExpected() {
        fails(
                "s.csv line 1: column 3: label 'setosa' is not an integer class index",
                () -> parse(CsvFormat.defaults(), "1,2,setosa\n", "s.csv"));
    }

    @Test
    void labelBeyondTheHeadersClasses() {
        fails(
                "iris.csv line 3: column 5: label 3 is out of range: the header on line 1 declares 3 classes "
                        + "[setosa, versicolor, virginica]",
                () -> parse(
                        CsvFormat.sklearn(), "2,4,setosa,versicolor,virginica\n1,2,3,4,2\n1,2,3,4,3\n", "iris.csv"));
    }

    @Test
    void labelBeyondDeclaredClassCount() {
        fails(
                "c.csv line 1: column 2: label 10 is out of range: the format declares 10 classes",
                () -> parse(CsvFormat.defaults().withClasses(10), "1,10\n", "c.csv"));
    }

    @Test
    void stringLabelOutsideTheDeclaredClasses() throws IOException {
        ParsedExamples p =
                parse(CsvFormat.defaults().withLabelKind(LabelKind.STRING), "1,setosa\n\n2,tulip\n", "flowers.csv");
        LabelIndex declared = LabelIndex.declared(List.of("virginica", "setosa", "versicolor"));
        fails(
                "flowers.csv line 3: label 'tulip' is not one of the 3 declared classes [setosa, versicolor, virginica]",
                () -> p.withLabelIndex(declared));
    }

    @Test
    void sklearnRowCountMismatch() {
        fails(
                "iris.csv line 1: the scikit-learn header declares 3 rows, the file has 2",
                () -> parse(CsvFormat.sklearn(), "3,2,a,b\n1,2,0\n1,2,1\n", "iris.csv"));
    }

    @Test
    void sklearnHeaderThatIsNotOne() {
        fails(
                "x.csv line 1: scikit-learn header 'rows,features[,class names...]': 'sepal' is not a row count",
                () -> parse(CsvFormat.sklearn(), "sepal,petal,y\n1,2,0\n", "x.csv"));
    }

    @Test
    void labelColumnOutsideTheLine() {
        fails(
                "l.csv line 1: label column 5 does not exist in 3 columns",
                () -> parse(CsvFormat.defaults().withLabelColumn(5), "1,2,0\n", "l.csv"));
    }

    @Test
    void unterminatedQuote() {
        fails(
                "q.csv line 2: column 3: unterminated quote (a field cannot span lines)",
                () -> parse(CsvFormat.defaults().withLabelKind(LabelKind.STRING), "1,2,a\n1,2,\"b\n", "q.csv"));
    }

    @Test
    void utf16WithoutAByteOrderMarkSaysToSaveItAsUtf8WhenItsFirstLineIsInvalidUtf8() {
        byte[] csv =
                "1,\u00e9\n2,b\n".getBytes(java.nio.charset.StandardCharsets.UTF_16LE); // 31 00 2C 00 E9 00 0A 00 …
        fails(
                "w.csv byte 4 (line 1): invalid UTF-8: byte E9 (a quarter or more of its first bytes are NUL, as in UTF-16 "
                        + "text: save it as UTF-8)",
                () -> CsvFormat.defaults().withLabelKind(LabelKind.STRING).parse(bytes(csv), "w.csv"));
    }

    @Test
    void invalidUtf8InALabelNamesByteAndLine() {
        byte[] csv = {'1', ',', 'a', '\n', '2', ',', (byte) 0xC3, '(', '\n'};
        fails(
                "u.csv byte 6 (line 2): invalid UTF-8: byte C3",
                () -> CsvFormat.defaults().withLabelKind(LabelKind.STRING).parse(bytes(csv), "u.csv"));
    }

    @Test
    void truncatedGzipNamesTheFileAndTheGunzippedOffset() {
        byte[] gz = gzip(utf8("1,2,0\n".repeat(1000)));
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length - 12);
        DataException e =
                assertThrows(DataException.class, () -> CsvFormat.defaults().parse(bytes(cut), "d.csv.gz"));
        // Where the deflate stream breaks depends on the zlib build: the offset is what was gunzipped until then.
        assertEquals(
                "d.csv.gz byte " + e.byteOffset() + " of the gunzipped content: truncated gzip data: "
                        + "Unexpected end of ZLIB input stream",
                e.getMessage());
        assertTrue(e.byteOffset() > 0 && e.byteOffset() < 6000, e.getMessage());
    }

    // ---- skipMalformed ----

    @Test
    void skipMalformedCountsAndKeepsTheGoodRows() throws IOException {
        String csv = "1,2,0\n1,2\nx,2,1\n\n3,4,1\n1,NaN,0\n5,6,-2\n";
        ParsedExamples p = parse(CsvFormat.defaults().withSkipMalformed(true), csv, "m.csv");
        assertEquals(2, p.n);
        assertArrayEquals(new float[] {1, 2, 3, 4}, p.features);
        assertArrayEquals(new int[] {0, 1}, p.labels);
        assertArrayEquals(new long[] {1, 5}, p.lineNumbers);
        assertEquals(4, p.skippedMalformed);
        assertEquals(1, p.skippedBlank);
        assertEquals(
                List.of(
                        "m.csv line 2: expected 3 columns, got 2",
                        "m.csv line 3: column 1: 'x' is not a number",
                        "m.csv line 6: column 2: 'NaN' is not a finite number",
                        "m.csv line 7: column 3: label -2 is negative: class labels are indices 0, 1, 2, ..."),
                p.skipReasons);
    }

    @Test
    void skipMalformedRowsCountTowardsTheSklearnRowCount() throws IOException {
        ParsedExamples p =
                parse(CsvFormat.sklearn().withSkipMalformed(true), "3,2,a,b\n1,2,0\n1,?,1\n3,4,1\n", "i.csv");
        assertEquals(2, p.n);
        assertEquals(1, p.skippedMalformed);
    }

    @Test
    void skipMalformedWithNothingLeftFailsWithTheFirstReason() {
        fails(
                "m.csv line 3: no data rows: all 2 data lines were malformed; the first: m.csv line 1: column 1: 'a' is not a number",
                () -> parse(CsvFormat.defaults().withSkipMalformed(true), "a,0\nb,1\n", "m.csv"));
    }
}
