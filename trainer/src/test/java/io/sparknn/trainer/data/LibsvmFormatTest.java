package io.sparknn.trainer.data;

import static io.sparknn.trainer.data.Inputs.fails;
import static io.sparknn.trainer.data.Inputs.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibsvmFormatTest {
    private static ParsedExamples parse(LibsvmFormat f, String s) throws IOException {
        return f.parse(text(s), "a.svm");
    }

    @Test
    void sparseRowsBecomeDenseWithInferredWidth() throws IOException {
        ParsedExamples p =
                parse(LibsvmFormat.defaults(), "# a comment line\n1 1:0.5 3:-2\n0\t2:1e-3  # trailing\n\n2 4:7\n");
        assertEquals(3, p.n);
        assertEquals(4, p.width);
        assertArrayEquals(new float[] {0.5f, 0, -2, 0, 0, 1e-3f, 0, 0, 0, 0, 0, 7}, p.features);
        assertArrayEquals(new int[] {1, 0, 2}, p.labels);
        assertArrayEquals(new long[] {2, 3, 5}, p.lineNumbers);
        assertEquals(2, p.skippedBlank);
    }

    @Test
    void givenWidthAndLabelOnlyRows() throws IOException {
        ParsedExamples p = parse(LibsvmFormat.defaults().withWidth(5), "3\n1 2:1\n");
        assertEquals(5, p.width);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 1, 0, 0, 0}, p.features);
    }

    @Test
    void signedBinaryLabels() throws IOException {
        ParsedExamples p = parse(LibsvmFormat.defaults().withSignedBinary(true), "-1 1:1\n+1 1:2\n1 1:3\n");
        assertArrayEquals(new int[] {0, 1, 1}, p.labels);
    }

    @Test
    void regressionTargets() throws IOException {
        ParsedExamples p = parse(LibsvmFormat.defaults().withLabelKind(LabelKind.FLOAT), "-1.5 1:1\n2e2 2:1\n");
        assertArrayEquals(new float[] {-1.5f, 200f}, p.targets);
    }

    @Test
    void badToken() {
        fails(
                "a.svm line 2: token 3 ('2'): expected index:value",
                () -> parse(LibsvmFormat.defaults(), "0 1:1\n0 1:1 2\n"));
    }

    @Test
    void nonNumericValue() {
        fails("a.svm line 1: token 2 ('1:x'): 'x' is not a number", () -> parse(LibsvmFormat.defaults(), "0 1:x\n"));
    }

    @Test
    void nonIntegerIndex() {
        fails(
                "a.svm line 1: token 2 ('a:1'): index 'a' is not an integer",
                () -> parse(LibsvmFormat.defaults(), "0 a:1\n"));
    }

    @Test
    void nonIncreasingIndex() {
        fails(
                "a.svm line 1: token 3 ('3:1'): index 3 does not increase (the previous index is 5)",
                () -> parse(LibsvmFormat.defaults(), "0 5:1 3:1\n"));
    }

    @Test
    void repeatedIndex() {
        fails(
                "a.svm line 1: token 3 ('2:1'): index 2 does not increase (the previous index is 2)",
                () -> parse(LibsvmFormat.defaults(), "0 2:1 2:1\n"));
    }

    @Test
    void indexZero() {
        fails(
                "a.svm line 1: token 2 ('0:1'): index 0 is not allowed: LIBSVM indices start at 1",
                () -> parse(LibsvmFormat.defaults(), "0 0:1\n"));
    }

    @Test
    void indexBeyondGivenWidth() {
        fails(
                "a.svm line 1: token 2 ('4:1'): index 4 exceeds the declared width 3",
                () -> parse(LibsvmFormat.defaults().withWidth(3), "0 4:1\n"));
    }

    @Test
    void minusOneLabelWithoutSignedBinaryPointsToTheOption() {
        fails(
                "a.svm line 1: token 1 ('-1'): label -1 is negative: class labels are indices 0, 1, 2, ...; "
                        + "for -1/+1 binary labels use LibsvmFormat.withSignedBinary(true)",
                () -> parse(LibsvmFormat.defaults(), "-1 1:1\n"));
    }

    @Test
    void signedBinaryRefusesOtherLabels() {
        fails(
                "a.svm line 2: token 1 ('0'): with signed binary labels only -1 and +1 are allowed",
                () -> parse(LibsvmFormat.defaults().withSignedBinary(true), "1 1:1\n0 1:1\n"));
    }

    @Test
    void infiniteValue() {
        fails(
                "a.svm line 1: token 2 ('1:inf'): 'inf' is not a finite number",
                () -> parse(LibsvmFormat.defaults(), "0 1:inf\n"));
        fails(
                "a.svm line 1: token 2 ('1:Infinity'): 'Infinity' is not a finite number",
                () -> parse(LibsvmFormat.defaults(), "0 1:Infinity\n"));
    }

    @Test
    void queryIdsAreRefused() {
        fails(
                "a.svm line 1: token 2 ('qid:3'): query ids (qid) are not supported",
                () -> parse(LibsvmFormat.defaults(), "0 qid:3 1:1\n"));
    }

    @Test
    void emptyFileAndNoFeatures() {
        fails("a.svm line 1: empty file", () -> parse(LibsvmFormat.defaults(), ""));
        fails(
                "a.svm line 3: no feature index in the whole file: give the width",
                () -> parse(LibsvmFormat.defaults(), "0\n1\n"));
    }

    @Test
    void skipMalformedCounts() throws IOException {
        ParsedExamples p = parse(LibsvmFormat.defaults().withSkipMalformed(true), "0 1:1\n1 0:1\n-1 1:1\n1 2:2\n");
        assertEquals(2, p.n);
        assertEquals(2, p.skippedMalformed);
        assertArrayEquals(new float[] {1, 0, 0, 2}, p.features);
        assertEquals(List.of(1L, 4L), List.of(p.lineNumbers[0], p.lineNumbers[1]));
    }
}
