package io.sparknn.trainer.config;

/**
 * Where the examples come from and how they are read.
 *
 * @param format              builtin, csv, idx or libsvm
 * @param train               training data: a path (any Hadoop path), or {@code digits} for builtin
 * @param trainLabels         idx: the labels file of the training images
 * @param test                held-out test data in the same format, or null to split the training data
 * @param testLabels          idx: the labels file of the test images
 * @param validationFraction  share of the training data held out when there is no test set
 * @param labelColumn         csv: the label's column (negative counts from the end); parquet: unused
 * @param header              csv: none, first (a header line to skip) or sklearn (count, width, label names)
 * @param labels              csv/libsvm: int (class indices), string (names, indexed in sorted order) or float (regression)
 * @param scaling             none, standardize (mean 0, sd 1 per feature), minmax (to [0, 1]), or divide (by {@code divisor})
 * @param skipMalformed       skip and count malformed lines instead of failing on the first
 */
public record DataConfig(String format, String train, String trainLabels, String test, String testLabels,
                         double validationFraction, int labelColumn,
                         String delimiter, String header, String labels, String scaling, double divisor,
                         boolean skipMalformed, String featuresColumn, String labelColumnName, String storageLevel)
        implements java.io.Serializable {

    /**
     * How to read {@code location} with this config: as configured, except that a file given to a
     * model trained on the built-in digits (evaluate's {@code --data}, predict's {@code --input})
     * is read as a CSV in the built-in set's layout: comma-separated, no header, the label last.
     */
    public DataConfig forLocation(String location) {
        if (!format.equals("builtin") || location.equals("digits")) {
            return this;
        }
        return new DataConfig("csv", train, trainLabels, test, testLabels, validationFraction, -1, ",", "none", labels,
                scaling, divisor, skipMalformed, featuresColumn, labelColumnName, storageLevel);
    }

    /** This config with the labels read as {@code labels} (none, string, int or float). */
    public DataConfig withLabels(String labels) {
        return new DataConfig(format, train, trainLabels, test, testLabels, validationFraction, labelColumn, delimiter, header,
                labels, scaling, divisor, skipMalformed, featuresColumn, labelColumnName, storageLevel);
    }
}
