package io.sparknn.engine.loss;

import io.sparknn.engine.Storage;

/**
 * What a loss compares the network's output rows with: one class label per row, or a row of
 * values per row (probability targets, regression targets, 0/1 targets for binary cross-entropy).
 * A row is an example, or an example's time step for per-time-step outputs.
 */
public final class Targets {
    private final int[] labels;
    private final Storage values;
    private final int width;

    private Targets(int[] labels, Storage values, int width) {
        this.labels = labels;
        this.values = values;
        this.width = width;
    }

    /** Integer class labels, one per row. */
    public static Targets labels(int[] labels) {
        return new Targets(labels, null, 1);
    }

    /** {@code width} target values per row, in the network's precision. */
    public static Targets values(Storage values, int width) {
        return new Targets(null, values, width);
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** The labels; null for value targets. */
    public int[] labels() {
        return labels;
    }

    /** The values; null for label targets. */
    public Storage values() {
        return values;
    }

    /** Values per row (1 for labels). */
    public int width() {
        return width;
    }
}
