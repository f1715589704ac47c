package io.sparknn.trainer.config;

/**
 * Where the examples of a classification or regression run come from and how they are read: every
 * {@link DataFormat} but text. The keys of one format ({@link TableLayout}) are refused for the
 * others, so a key that would be ignored is an error.
 *
 * @param format              builtin, csv, idx, libsvm, parquet or table
 * @param train               training data: a path (any Hadoop path), a table name, or {@code digits} for builtin
 * @param test                held-out test data in the same format, or null to split the training data
 * @param validationFraction  share of the training data held out when there is no test set
 * @param labels              class indices, class names or regression targets (idx and builtin: class indices)
 * @param scaling             the per-feature scaling fitted on the training rows
 * @param divisor             scaling divide: what every feature is divided by
 * @param layout              the format's own keys
 */
public record TableData(
        DataFormat format,
        String train,
        String test,
        double validationFraction,
        LabelType labels,
        ScalingKind scaling,
        double divisor,
        CacheLevel storageLevel,
        TableLayout layout)
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
        return new TableData(
                DataFormat.CSV,
                train,
                test,
                validationFraction,
                labels,
                scaling,
                divisor,
                storageLevel,
                TableLayout.Csv.DIGITS);
    }

    /** This config with the labels read as {@code labels}. */
    public TableData withLabels(LabelType labels) {
        return new TableData(format, train, test, validationFraction, labels, scaling, divisor, storageLevel, layout);
    }

    /** Rows give one float target (regression) rather than a class. */
    public boolean regression() {
        return labels == LabelType.FLOAT && !format.fixedClasses();
    }

    /** idx: the labels file of the training images; null for the other formats. */
    public String trainLabels() {
        return layout instanceof TableLayout.Idx idx ? idx.trainLabels() : null;
    }

    /** idx: the labels file of the test images; null for the other formats or without a test set. */
    public String testLabels() {
        return layout instanceof TableLayout.Idx idx ? idx.testLabels() : null;
    }

    /** Whether malformed lines are skipped and counted (csv and libsvm) rather than an error. */
    public boolean skipMalformed() {
        return layout instanceof TableLayout.Csv csv
                ? csv.skipMalformed()
                : layout instanceof TableLayout.Libsvm libsvm && libsvm.skipMalformed();
    }
}
