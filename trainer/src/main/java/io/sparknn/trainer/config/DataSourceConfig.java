package io.sparknn.trainer.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code data} section: read into the {@link DataSource} of its format (each format's own keys
 * only; another format's key is refused unless it holds its default, as the resolved configs of
 * earlier versions wrote every key), and written back with every default filled in.
 */
final class DataSourceConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DataSourceConfig() {}

    static DataSource read(ConfigNode d) {
        DataFormat format = d.choice("format", null, DataFormat.values());
        return format == DataFormat.TEXT ? text(d) : table(d, format);
    }

    private static TextData text(ConfigNode d) {
        String train = d.requiredNonEmpty("train");
        long maxChars = d.integer("max_chars", 0, Long.MAX_VALUE, 0);
        int window = d.integer("window", 1, 100);
        int stride = (int) d.integer("stride", 1, window, window);
        SequenceMode mode = d.choice("mode", SequenceMode.STATEFUL, SequenceMode.values());
        if (mode == SequenceMode.STATEFUL && stride != window) {
            throw d.error(
                    "stride",
                    "is read only with mode sliding: stateful streams move a whole window per step " + "(stride "
                            + stride + ", window " + window + ")");
        }
        double validation = d.number("validation_fraction", 0.001, 0.9, 0.05);
        d.finish();
        return new TextData(train, maxChars, window, stride, mode, validation);
    }

    private static TableData table(ConfigNode d, DataFormat format) {
        String train = d.requiredNonEmpty("train");
        String test = d.string("test", null);
        if (test != null && test.isBlank()) {
            throw d.error("test", "must not be empty: leave the key out to split the training data");
        }
        double validationFraction = d.number("validation_fraction", 0, 0.9, 0.2);
        LabelType labels = d.choice("labels", LabelType.INT, LabelType.INT, LabelType.STRING, LabelType.FLOAT);
        ScalingKind scaling = d.choice("scaling", ScalingKind.NONE, ScalingKind.values());
        double divisor = d.number("divisor", Double.MIN_VALUE, Double.MAX_VALUE, 1);
        CacheLevel storage = d.choice("storage_level", CacheLevel.MEMORY_AND_DISK, CacheLevel.values());
        // every key read (and type-checked) before one is refused for not applying to the format
        int labelColumn = (int) d.integer("label_column", -100000, 100000, -1);
        String delimiter = d.string("delimiter", ",");
        CsvHeader header = d.choice("header", CsvHeader.NONE, CsvHeader.values());
        boolean skipMalformed = d.flag("skip_malformed", false);
        String featuresColumn = d.string("features_column", "features");
        String labelColumnName = d.string("label_column_name", "label");
        boolean csv = format == DataFormat.CSV;
        refuseUnless(d, csv, format, "label_column", labelColumn, -1);
        refuseUnless(d, csv, format, "delimiter", delimiter, ",");
        refuseUnless(d, csv, format, "header", header, CsvHeader.NONE);
        refuseUnless(d, csv || format == DataFormat.LIBSVM, format, "skip_malformed", skipMalformed, false);
        refuseUnless(d, format.sql(), format, "features_column", featuresColumn, "features");
        refuseUnless(d, format.sql(), format, "label_column_name", labelColumnName, "label");
        refuseUnless(d, !format.fixedClasses(), format, "labels", labels, LabelType.INT);
        if (scaling != ScalingKind.DIVIDE && divisor != 1) {
            throw d.error("divisor", "is read only with scaling divide (scaling is " + scaling.text() + ")");
        }
        TableLayout layout = switch (format) {
            case BUILTIN -> new TableLayout.Builtin();
            case CSV -> new TableLayout.Csv(labelColumn, delimiter(d, delimiter), header, skipMalformed);
            case LIBSVM -> new TableLayout.Libsvm(skipMalformed);
            case IDX ->
                new TableLayout.Idx(
                        d.requiredNonEmpty("train_labels"), test != null ? d.requiredNonEmpty("test_labels") : null);
            case PARQUET, TABLE -> new TableLayout.Sql(featuresColumn, labelColumnName);
            case TEXT -> throw new IllegalStateException("a text is not a table");
        };
        d.finish();
        return new TableData(format, train, test, validationFraction, labels, scaling, divisor, storage, layout);
    }

    private static char delimiter(ConfigNode d, String delimiter) {
        if (delimiter.length() != 1) {
            throw d.error("delimiter", "must be one character, got '" + delimiter + "'");
        }
        if ("\"\n\r".indexOf(delimiter.charAt(0)) >= 0) {
            throw d.error("delimiter", "cannot be a double quote or a line break: they are reserved by the CSV rules");
        }
        return delimiter.charAt(0);
    }

    /**
     * A key that {@code format} would ignore is an error, not a silently ignored setting, unless it
     * holds its default: the resolved configs of earlier versions wrote every key for every format,
     * and evaluate, predict and resume read them. Its value has been read (and type-checked) first.
     */
    private static void refuseUnless(
            ConfigNode d, boolean applies, DataFormat format, String key, Object value, Object otherwise) {
        if (!applies && d.has(key) && !value.equals(otherwise)) {
            throw d.error(key, "does not apply to format " + format.text() + ": leave it out");
        }
    }

    static ObjectNode write(DataSource source) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", source.format().text()).put("train", source.train());
        if (source instanceof TextData t) {
            return n.put("max_chars", t.maxChars())
                    .put("window", t.window())
                    .put("stride", t.stride())
                    .put("mode", t.mode().text())
                    .put("validation_fraction", t.validationFraction());
        }
        TableData d = (TableData) source;
        if (d.test() != null) {
            n.put("test", d.test());
        }
        n.put("validation_fraction", d.validationFraction());
        if (!d.format().fixedClasses()) {
            n.put("labels", d.labels().text());
        }
        n.put("scaling", d.scaling().text());
        if (d.scaling() == ScalingKind.DIVIDE) {
            n.put("divisor", d.divisor());
        }
        if (d.layout() instanceof TableLayout.Csv csv) {
            n.put("label_column", csv.labelColumn())
                    .put("delimiter", String.valueOf(csv.delimiter()))
                    .put("header", csv.header().text())
                    .put("skip_malformed", csv.skipMalformed());
        } else if (d.layout() instanceof TableLayout.Libsvm libsvm) {
            n.put("skip_malformed", libsvm.skipMalformed());
        } else if (d.layout() instanceof TableLayout.Idx idx) {
            n.put("train_labels", idx.trainLabels());
            if (idx.testLabels() != null) {
                n.put("test_labels", idx.testLabels());
            }
        } else if (d.layout() instanceof TableLayout.Sql sql) {
            n.put("features_column", sql.featuresColumn()).put("label_column_name", sql.labelColumnName());
        }
        return n.put("storage_level", d.storageLevel().text());
    }
}
