package io.sparknn.trainer.config;

/** {@code data.header}: what the first line of a CSV file holds. */
public enum CsvHeader implements ConfigChoice {
    /** Every line is an example. */
    NONE,
    /** A line of column names, skipped. */
    FIRST,
    /** scikit-learn's: the row count, the width and the label names. */
    SKLEARN
}
