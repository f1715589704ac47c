package io.sparknn.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Growing arrays for the rows of a text format: dense features (optional: LIBSVM keeps its own
 * sparse ones), one label of the format's kind, the line of each row, and the skip counters.
 * A row is added whole or not at all, so a malformed line leaves no trace but its count.
 */
final class RowsBuilder {
    /** Arrays stay below the JVM's array size limit. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final String source;
    private final LabelKind kind;
    private int n;
    private float[] features = new float[1024];
    private int featureCount;
    private int[] labels;
    private String[] names;
    private float[] targets;
    private long[] lines = new long[64];
    private long skippedMalformed;
    private long skippedBlank;
    private final List<String> skipReasons = new ArrayList<>();

    RowsBuilder(String source, LabelKind kind) {
        this.source = source;
        this.kind = kind;
        switch (kind) {
            case CLASS_INDEX -> labels = new int[64];
            case STRING -> names = new String[64];
            case FLOAT -> targets = new float[64];
            case NONE -> {}
        }
    }

    int rows() {
        return n;
    }

    /** Appends a row: {@code width} features from {@code row} (none when row is null) and its label. */
    void add(float[] row, int width, int classLabel, String name, float target, long line) {
        if (row != null) {
            if ((long) featureCount + width > MAX_ARRAY) {
                throw DataException.atLine(source, line, "more feature values than one Java array holds");
            }
            if (featureCount + width > features.length) {
                features = Arrays.copyOf(features, grow(features.length, featureCount + width));
            }
            System.arraycopy(row, 0, features, featureCount, width);
            featureCount += width;
        }
        if (n == lines.length) {
            int size = grow(n, n + 1);
            lines = Arrays.copyOf(lines, size);
            labels = labels == null ? null : Arrays.copyOf(labels, size);
            names = names == null ? null : Arrays.copyOf(names, size);
            targets = targets == null ? null : Arrays.copyOf(targets, size);
        }
        switch (kind) {
            case CLASS_INDEX -> labels[n] = classLabel;
            case STRING -> names[n] = name;
            case FLOAT -> targets[n] = target;
            case NONE -> {}
        }
        lines[n++] = line;
    }

    private static int grow(int length, int needed) {
        return (int) Math.min(MAX_ARRAY, Math.max(needed, 2L * length));
    }

    void skipBlank() {
        skippedBlank++;
    }

    void skipMalformed(DataException e) {
        skippedMalformed++;
        if (skipReasons.size() < ParsedExamples.MAX_SKIP_REASONS) {
            skipReasons.add(e.getMessage());
        }
    }

    String firstSkipReason() {
        return skipReasons.isEmpty() ? "" : skipReasons.get(0);
    }

    long skippedMalformed() {
        return skippedMalformed;
    }

    /** The rows with the dense features added row by row. */
    ParsedExamples build(int width, int[] shape, List<String> labelNames) {
        return build(width, shape, Arrays.copyOf(features, featureCount), labelNames);
    }

    /** The rows with features kept by the caller, {@code rows() · width} of them. */
    ParsedExamples build(int width, int[] shape, float[] allFeatures, List<String> labelNames) {
        return new ParsedExamples(
                source,
                n,
                width,
                shape,
                allFeatures,
                labels == null ? null : Arrays.copyOf(labels, n),
                names == null ? null : Arrays.copyOf(names, n),
                targets == null ? null : Arrays.copyOf(targets, n),
                labelNames,
                Arrays.copyOf(lines, n),
                skippedMalformed,
                skippedBlank,
                skipReasons);
    }
}
