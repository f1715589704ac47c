package io.sparknn.trainer.data;

import io.sparknn.engine.train.ExampleBlock;
import java.util.Arrays;
import java.util.List;

/**
 * The examples of one source as a parser read them: {@code n} rows of {@code width} float
 * features, row-major in one array, and at most one kind of label per row: class indices, class
 * names (to be mapped by a {@link LabelIndex}) or float regression targets. Unlabelled data (an
 * IDX images file read alone) has none. Rows keep the order of the source.
 *
 * <p>{@code lineNumbers[i]} is the 1-based source line of row i for text formats (null for
 * binary ones), so that later checks can still name the line. The counters say how many lines
 * were skipped: blank lines always, malformed lines only when the format asked for it, with
 * the first few reasons kept for the log.
 */
public final class ParsedExamples {
    /** At most this many reasons for skipped lines are kept. */
    public static final int MAX_SKIP_REASONS = 10;

    public final String source;
    public final int n;
    public final int width;
    /** The shape of one example's features, product = width: {width} for rows, {rows, cols} for IDX images. */
    public final int[] shape;

    public final float[] features;
    /** Class indices, one per row, or null. */
    public final int[] labels;
    /** Class names, one per row, or null. */
    public final String[] stringLabels;
    /** Regression targets, one per row, or null. */
    public final float[] targets;
    /** The class names, index i at position i, when the source or a {@link LabelIndex} gave them; else empty. */
    public final List<String> labelNames;

    public final long[] lineNumbers;
    public final long skippedMalformed;
    public final long skippedBlank;
    public final List<String> skipReasons;

    ParsedExamples(
            String source,
            int n,
            int width,
            int[] shape,
            float[] features,
            int[] labels,
            String[] stringLabels,
            float[] targets,
            List<String> labelNames,
            long[] lineNumbers,
            long skippedMalformed,
            long skippedBlank,
            List<String> skipReasons) {
        if (features.length != (long) n * width
                || Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != width) {
            throw new IllegalArgumentException(n + " rows of width " + width + " (shape " + Arrays.toString(shape)
                    + ") cannot hold " + features.length + " features");
        }
        int kinds = (labels != null ? 1 : 0) + (stringLabels != null ? 1 : 0) + (targets != null ? 1 : 0);
        if (kinds > 1
                || (labels != null && labels.length != n)
                || (stringLabels != null && stringLabels.length != n)
                || (targets != null && targets.length != n)
                || (lineNumbers != null && lineNumbers.length != n)) {
            throw new IllegalArgumentException("labels, targets or line numbers do not match " + n + " rows");
        }
        this.source = source;
        this.n = n;
        this.width = width;
        this.shape = shape;
        this.features = features;
        this.labels = labels;
        this.stringLabels = stringLabels;
        this.targets = targets;
        this.labelNames = List.copyOf(labelNames);
        this.lineNumbers = lineNumbers;
        this.skippedMalformed = skippedMalformed;
        this.skippedBlank = skippedBlank;
        this.skipReasons = List.copyOf(skipReasons);
    }

    public boolean hasLabels() {
        return labels != null || stringLabels != null || targets != null;
    }

    /** Row i's features as a new array. */
    public float[] row(int i) {
        return Arrays.copyOfRange(features, i * width, (i + 1) * width);
    }

    /**
     * The same rows with their class names replaced by indices from {@code index}; a name the
     * index does not hold is an error naming the line.
     */
    public ParsedExamples withLabelIndex(LabelIndex index) {
        if (stringLabels == null) {
            throw new IllegalStateException(source + " has no string labels to index");
        }
        int[] indexed = new int[n];
        for (int i = 0; i < n; i++) {
            indexed[i] = index.indexOf(stringLabels[i]);
            if (indexed[i] < 0) {
                throw error(i, notDeclared(stringLabels[i], index));
            }
        }
        return new ParsedExamples(
                source,
                n,
                width,
                shape,
                features,
                indexed,
                null,
                null,
                index.names(),
                lineNumbers,
                skippedMalformed,
                skippedBlank,
                skipReasons);
    }

    /** The problem of a class name outside the index. */
    static String notDeclared(String label, LabelIndex index) {
        return "label '" + label + "' is not one of the " + index.size() + " declared classes " + index.describe();
    }

    /**
     * These rows, after checking that every class index is below {@code classes} (the classes a
     * network outputs; 0 = no bound); the first that is not is an error naming its line (or row).
     */
    public ParsedExamples requireClassesBelow(int classes) {
        if (classes > 0 && labels != null) {
            for (int i = 0; i < n; i++) {
                if (labels[i] >= classes) {
                    throw error(
                            i,
                            "label " + labels[i] + " is out of range: the network outputs " + classes
                                    + " classes (0 to " + (classes - 1) + ")");
                }
            }
        }
        return this;
    }

    /** The same rows located by their 1-based row number in errors, for sources whose rows are not lines. */
    ParsedExamples withoutLines() {
        return new ParsedExamples(
                source,
                n,
                width,
                shape,
                features,
                labels,
                stringLabels,
                targets,
                labelNames,
                null,
                skippedMalformed,
                skippedBlank,
                skipReasons);
    }

    /** The same rows with class label 0 each: rows read without a label column, to predict on. */
    public ParsedExamples withDummyLabels() {
        return new ParsedExamples(
                source,
                n,
                width,
                shape,
                features,
                new int[n],
                null,
                null,
                labelNames,
                lineNumbers,
                skippedMalformed,
                skippedBlank,
                skipReasons);
    }

    /** {@link #withLabelIndex} with the index of this source's own class names. */
    public ParsedExamples indexLabels() {
        if (stringLabels == null) {
            throw new IllegalStateException(source + " has no string labels to index");
        }
        return withLabelIndex(LabelIndex.of(Arrays.asList(stringLabels)));
    }

    /**
     * One {@link ExampleBlock} of all rows with ids {@code firstId, firstId + 1, ...}; string
     * labels must be indexed first.
     */
    public ExampleBlock toBlock(long firstId) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = firstId + i;
        }
        if (labels != null) {
            return ExampleBlock.classification(width, features, ids, labels);
        }
        if (targets != null) {
            return new ExampleBlock(n, width, features, ids, null, targets, 1, 1);
        }
        throw new IllegalStateException(source
                + (stringLabels != null
                        ? " has class names: index them (withLabelIndex) before making a block"
                        : " has no labels or targets"));
    }

    /** An error located at row i: its line for text formats, its 1-based row number otherwise. */
    DataException error(int row, String problem) {
        if (lineNumbers != null) {
            return DataException.atLine(source, lineNumbers[row], problem);
        }
        return DataException.atRow(source, row + 1, problem);
    }
}
