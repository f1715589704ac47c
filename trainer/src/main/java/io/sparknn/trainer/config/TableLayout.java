package io.sparknn.trainer.config;

import java.io.Serializable;

/**
 * The keys of one table format and no other's: how a CSV file's lines, a LIBSVM file, an IDX pair
 * or a Parquet file / catalog table hold their examples. Part of {@link TableData}.
 */
public sealed interface TableLayout extends Serializable
        permits TableLayout.Builtin, TableLayout.Csv, TableLayout.Libsvm, TableLayout.Idx, TableLayout.Sql {

    /** The embedded digits: a CSV in a fixed layout (comma-separated, no header, the label last). */
    record Builtin() implements TableLayout {}

    /**
     * @param labelColumn   the label's column (negative counts from the end)
     * @param delimiter     the field separator (not a double quote or a line break)
     * @param skipMalformed skip and count malformed lines instead of failing on the first
     */
    record Csv(int labelColumn, char delimiter, CsvHeader header, boolean skipMalformed) implements TableLayout {
        /** The built-in digits' layout, which a CSV given to a model of them is read in. */
        public static final Csv DIGITS = new Csv(-1, ',', CsvHeader.NONE, false);
    }

    /** @param skipMalformed skip and count malformed lines instead of failing on the first */
    record Libsvm(boolean skipMalformed) implements TableLayout {}

    /**
     * @param trainLabels the labels file of the training images
     * @param testLabels  the labels file of the test images (null without a test set)
     */
    record Idx(String trainLabels, String testLabels) implements TableLayout {}

    /**
     * A Parquet path or a catalog table.
     *
     * @param featuresColumn  a vector or array column, or {@code *} for every numeric column but the label
     */
    record Sql(String featuresColumn, String labelColumnName) implements TableLayout {}
}
