package io.sparknn.trainer.config;

/**
 * Where the examples of a classification or regression run come from and how they are read: every
 * {@link DataFormat} but text. The CSV keys ({@code label_column}, {@code delimiter}, {@code header},
 * {@code skip_malformed} for LIBSVM too) and the table keys ({@code features_column},
 * {@code label_column_name}) are refused for the other formats, so a key that would be ignored is
 * an error.
 *
 * @param format              builtin, csv, idx, libsvm, parquet or table
 * @param train               training data: a path (any Hadoop path), a table name, or {@code digits} for builtin
 * @param trainLabels         idx: the labels file of the training images
 * @param test                held-out test data in the same format, or null to split the training data
 * @param testLabels          idx: the labels file of the test images
 * @param validationFraction  share of the training data held out when there is no test set
 * @param labelColumn         csv: the label's column (negative counts from the end)
 * @param header              csv: what the first line holds
 * @param labels              csv/libsvm/tables: class indices, class names or regression targets
 * @param scaling             the per-feature scaling fitted on the training rows
 * @param skipMalformed       csv/libsvm: skip and count malformed lines instead of failing on the first
 */
public record TableData(DataFormat format, String train, String trainLabels, String test, String testLabels,
                        double validationFraction, int labelColumn,
                        String delimiter, CsvHeader header, LabelType labels, ScalingKind scaling, double divisor,
                        boolean skipMalformed, String featuresColumn, String labelColumnName, CacheLevel storageLevel)
        implements DataSource, java.io.Serializable {

    /**
     * How to read {@code location} with this config: as configured, except that a file given to a
     * model trained on the built-in digits (evaluate's {@code --data}, predict's {@code --input})
     * is read as a CSV in the built-in set's layout: comma-separated, no header, the label last.
     */
    public TableData forLocation(String location) {
        if (format != DataFormat.BUILTIN || location.equals("digits")) {
            return this;
        }
        return new TableData(DataFormat.CSV, train, trainLabels, test, testLabels, validationFraction, -1, ",",
                CsvHeader.NONE, labels, scaling, divisor, skipMalformed, featuresColumn, labelColumnName, storageLevel);
    }

    /** This config with the labels read as {@code labels}. */
    public TableData withLabels(LabelType labels) {
        return new TableData(format, train, trainLabels, test, testLabels, validationFraction, labelColumn, delimiter, header,
                labels, scaling, divisor, skipMalformed, featuresColumn, labelColumnName, storageLevel);
    }

    /** Rows give one float target (regression) rather than a class. */
    public boolean regression() {
        return labels == LabelType.FLOAT && !format.fixedClasses();
    }
}
