package io.sparknn.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/**
 * How to read LIBSVM / svmlight text: one example per line, {@code label index:value ...} with
 * 1-based, strictly increasing indices; absent indices are 0. Tokens are separated by spaces or
 * tabs, text from {@code #} to the end of the line is a comment, blank and comment-only lines
 * are skipped and counted. Query ids ({@code qid:}) and multi-label lists are not supported.
 * The input may be gzipped (detected from its bytes) and is strict UTF-8. Immutable.
 *
 * <p>The width is given ({@link #withWidth}; a larger index is then an error) or inferred as the
 * largest index in the file. Note that an inferred width depends on the file: give it when
 * training and test files must agree.
 *
 * <p>Labels are class indices by default and must be non-negative integers. The common -1/+1
 * binary labels are NOT mapped silently (a file of 0/1/-1 labels would be misread): they are an
 * error unless {@link #withSignedBinary} asks for -1 → 0 and +1 → 1, which then refuses every
 * other label. {@link LabelKind#FLOAT} reads regression targets as they are.
 */
public record LibsvmFormat(int width, LabelKind labelKind, boolean signedBinary, int classes, boolean skipMalformed)
        implements Serializable {

    /** Checks the combination; {@link #defaults()} and the {@code with...} copies are the way in. */
    public LibsvmFormat {
        if (width < 0 || classes < 0) {
            throw new IllegalArgumentException("width and class count cannot be negative: " + width + ", " + classes);
        }
        if (labelKind == LabelKind.STRING) {
            throw new IllegalArgumentException("LIBSVM labels are numbers: use CLASS_INDEX or FLOAT");
        }
        if (signedBinary && labelKind != LabelKind.CLASS_INDEX) {
            throw new IllegalArgumentException("signed binary labels are class labels: use CLASS_INDEX");
        }
    }

    /** Inferred width, class index labels, strict. */
    public static LibsvmFormat defaults() {
        return new LibsvmFormat(0, LabelKind.CLASS_INDEX, false, 0, false);
    }

    /** The number of features; 0 infers it as the largest index. */
    public LibsvmFormat withWidth(int w) {
        return new LibsvmFormat(w, labelKind, signedBinary, classes, skipMalformed);
    }

    public LibsvmFormat withLabelKind(LabelKind kind) {
        return new LibsvmFormat(width, kind, signedBinary, classes, skipMalformed);
    }

    /** Reads labels -1 and +1 as classes 0 and 1, and refuses any other label. */
    public LibsvmFormat withSignedBinary(boolean signed) {
        return new LibsvmFormat(width, labelKind, signed, classes, skipMalformed);
    }

    /** Declares the number of classes: a class index at or above it is an error (0 = not declared). */
    public LibsvmFormat withClasses(int count) {
        return new LibsvmFormat(width, labelKind, signedBinary, count, skipMalformed);
    }

    /** Skips and counts lines that break a rule instead of failing. */
    public LibsvmFormat withSkipMalformed(boolean skip) {
        return new LibsvmFormat(width, labelKind, signedBinary, classes, skip);
    }

    /** Parses {@code in}, named {@code source} in errors; the caller opens and closes the stream. */
    public ParsedExamples parse(InputStream in, String source) throws IOException {
        try (DataInput data = DataInput.open(in, source)) {
            return new LibsvmParser(this, data).parse();
        }
    }
}
