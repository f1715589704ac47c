package io.sparknn.trainer.data;

/** What the label column of a text format holds. */
public enum LabelKind {
    /**
     * A class index 0, 1, 2, ...: an integer, written {@code 3} or {@code 3.0}; negative
     * values and fractions are errors.
     */
    CLASS_INDEX,
    /** A class name, mapped to an index later by a {@link LabelIndex}. */
    STRING,
    /** A finite float regression target. */
    FLOAT,
    /** No label column: every column is a feature (raw data to predict on). */
    NONE
}
