package io.sparknn.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/**
 * How to read a delimited text file of numeric features and one label column; immutable, each
 * {@code with...} returns a changed copy. Defaults: comma, no header, label in the last column,
 * label = class index, malformed lines are errors.
 *
 * <p>Rules: lines end with LF or CRLF; blank lines are skipped (and counted); fields are
 * trimmed; a field may be double-quoted ({@code ""} inside is a quote) but cannot span lines.
 * Every line has the same number of columns: the header's, or else the first data line's. Every
 * column but the label is a feature and must be a finite number. The input may be gzipped
 * (detected from its first bytes, not its name) and is UTF-8, checked strictly; a leading byte
 * order mark is skipped. Numbers are decimal ({@code -1.5e-3}); Java's {@code 5d}, {@code 2f} and
 * hex are not numbers here.
 *
 * <p>With {@link #skipMalformed}, a data line that breaks a rule (column count, number, label)
 * is skipped and counted in {@link ParsedExamples#skippedMalformed} instead of failing; a bad
 * header, invalid UTF-8 or corrupt gzip still fail.
 *
 * <p>The {@code with...} copies, one per component, are alike line for line on purpose: Java
 * records have no "copy with one component changed", and a shared helper would only trade each
 * two-line method for another.
 */
public record CsvFormat(
        char delimiter, Header header, int labelColumn, LabelKind labelKind, int classes, boolean skipMalformed)
        implements Serializable {

    /** What the first line holds. */
    public enum Header {
        /** No header: the first line is data. */
        NONE,
        /** Column names, used in error messages; they fix the column count. */
        NAMES,
        /**
         * scikit-learn's bundled-data header {@code rows,features[,class names...]}, e.g.
         * {@code 150,4,setosa,versicolor,virginica}: the file must then hold exactly that many rows
         * (skipped ones included) of features + 1 columns, and the class names, when present,
         * become {@link ParsedExamples#labelNames} and bound the class indices. With
         * {@link LabelKind#STRING} labels they are the declared classes (labelNames, beside the
         * string labels): {@link DatasetReader} indexes the labels over that set, so a label
         * outside it is an error naming its line.
         */
        SKLEARN
    }

    /** Checks the delimiter and the class count; {@link #defaults()} and the {@code with...} copies are the way in. */
    public CsvFormat {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("a CSV delimiter cannot be " + (int) delimiter);
        }
        if (classes < 0) {
            throw new IllegalArgumentException("a class count cannot be negative: " + classes);
        }
    }

    /** Comma, no header, class index in the last column, strict. */
    public static CsvFormat defaults() {
        return new CsvFormat(',', Header.NONE, -1, LabelKind.CLASS_INDEX, 0, false);
    }

    /** scikit-learn's bundled CSVs (iris, wine, breast cancer): {@link Header#SKLEARN}, class index last. */
    public static CsvFormat sklearn() {
        return defaults().withHeader(Header.SKLEARN);
    }

    public CsvFormat withDelimiter(char d) {
        return new CsvFormat(d, header, labelColumn, labelKind, classes, skipMalformed);
    }

    public CsvFormat withHeader(Header h) {
        return new CsvFormat(delimiter, h, labelColumn, labelKind, classes, skipMalformed);
    }

    /** The 0-based label column; negative counts from the end (-1 = last). */
    public CsvFormat withLabelColumn(int column) {
        return new CsvFormat(delimiter, header, column, labelKind, classes, skipMalformed);
    }

    public CsvFormat withLabelKind(LabelKind kind) {
        return new CsvFormat(delimiter, header, labelColumn, kind, classes, skipMalformed);
    }

    /** Declares the number of classes: a class index at or above it is an error (0 = not declared). */
    public CsvFormat withClasses(int count) {
        return new CsvFormat(delimiter, header, labelColumn, labelKind, count, skipMalformed);
    }

    public CsvFormat withSkipMalformed(boolean skip) {
        return new CsvFormat(delimiter, header, labelColumn, labelKind, classes, skip);
    }

    /** Parses {@code in}, named {@code source} in errors; the caller opens and closes the stream. */
    public ParsedExamples parse(InputStream in, String source) throws IOException {
        try (DataInput data = DataInput.open(in, source)) {
            return new CsvParser(this, data).parse();
        }
    }
}
