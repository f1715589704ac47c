package io.sparknn.trainer.data;

import io.sparknn.trainer.config.DataConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a configured data set on the driver from any Hadoop path (a file, or a directory whose
 * files are read in name order) or from the built-in data, into one block with ids 0..n−1.
 * Every problem is a {@link DataException} naming the file and line.
 */
public final class DatasetReader {
    private DatasetReader() {
    }

    /**
     * @param knownLabels  class names learnt from the training data, so a test set maps names to
     *                     the same indices (null for the training data itself)
     */
    public static Dataset read(DataConfig c, String location, String labels, Configuration hadoop, List<String> knownLabels,
                               int width) {
        return read(c, location, labels, hadoop, knownLabels, width, 0);
    }

    /**
     * As {@link #read(DataConfig, String, String, Configuration, List, int)}, with every class index
     * checked to be below {@code classes} (the network's outputs; 0 = unchecked), so that a label
     * out of range is an error naming its line.
     */
    public static Dataset read(DataConfig c, String location, String labels, Configuration hadoop, List<String> knownLabels,
                               int width, int classes) {
        if (c.format().equals("parquet") || c.format().equals("table")) {
            return TableReader.read(org.apache.spark.sql.SparkSession.builder().getOrCreate(), c, location, knownLabels,
                    classes);
        }
        List<ParsedExamples> parts = new ArrayList<>();
        for (DataUnit u : DataUnit.list(c, location, labels, hadoop)) {
            parts.add(u.parse(hadoop, c, width, classes));
        }
        return combine(location, parts, knownLabels);
    }

    /**
     * Rows to predict on, in the training format: a CSV may come without its label column (then
     * every column is a feature) or with it (read as text and ignored); LIBSVM lines keep their
     * label token. The block's labels are all 0.
     */
    public static Dataset readUnlabelled(DataConfig c, String location, Configuration hadoop, int width) {
        boolean csv = c.format().equals("csv") || c.format().equals("builtin");
        Dataset d = null;
        DataException withoutLabel = null;
        try {
            d = unlabelled(c, location, hadoop, width, csv ? "none" : "string");
        } catch (DataException e) {
            if (!csv) {
                throw e;
            }
            withoutLabel = e; // e.g. a label column of class names, read as a feature
        }
        if (csv && (d == null || d.examples().width != width)) {
            try {
                Dataset withLabel = unlabelled(c, location, hadoop, width, "string");
                if (withLabel.examples().width == width) {
                    d = withLabel;
                }
            } catch (DataException e) {
                if (d == null) {
                    // both readings fail: the one that got further names the real problem
                    throw e.line() > withoutLabel.line() ? e : withoutLabel;
                }
            }
        }
        if (d == null) {
            throw withoutLabel;
        }
        ExampleBlock b = d.examples();
        ExampleBlock unlabelled = new ExampleBlock(b.n, b.width, b.features, b.ids, new int[b.n], null, 1, 1);
        return new Dataset(location, unlabelled, 0, List.of(), d.skipped());
    }

    private static Dataset unlabelled(DataConfig c, String location, Configuration hadoop, int width, String labels) {
        DataConfig read = new DataConfig(c.format(), c.train(), c.trainLabels(), c.test(), c.testLabels(),
                c.validationFraction(), c.labelColumn(), c.delimiter(), c.header(), labels, c.scaling(), c.divisor(),
                c.skipMalformed(), c.featuresColumn(), c.labelColumnName(), c.storageLevel());
        List<ParsedExamples> parts = new ArrayList<>();
        for (DataUnit u : DataUnit.list(read, location, null, hadoop)) {
            ParsedExamples p = u.parse(hadoop, read, width, 0);
            if (p.stringLabels != null) {
                p = p.withLabelIndex(LabelIndex.of(List.of(p.stringLabels)));
            } else if (!p.hasLabels()) {
                p = p.withDummyLabels();
            }
            parts.add(p);
        }
        return combine(location, parts, null);
    }

    static CsvFormat csv(DataConfig c) {
        if (c.format().equals("builtin")) {
            return c.labels().equals("none") ? CsvFormat.defaults().withLabelKind(LabelKind.NONE) : CsvFormat.defaults();
        }
        CsvFormat f = CsvFormat.defaults().withDelimiter(c.delimiter().charAt(0)).withLabelColumn(c.labelColumn())
                .withSkipMalformed(c.skipMalformed()).withLabelKind(switch (c.labels()) {
                    case "string" -> LabelKind.STRING;
                    case "float" -> LabelKind.FLOAT;
                    case "none" -> LabelKind.NONE;
                    default -> LabelKind.CLASS_INDEX;
                });
        return switch (c.header()) {
            case "first" -> f.withHeader(CsvFormat.Header.NAMES);
            case "sklearn" -> f.withHeader(CsvFormat.Header.SKLEARN);
            default -> f;
        };
    }

    /** All parts as one block with ids in file order; string labels indexed over all parts. */
    static Dataset combine(String location, List<ParsedExamples> parts, List<String> knownLabels) {
        List<PartSummary> summaries = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            summaries.add(ParsedPart.of(i, parts.get(i)).summary());
        }
        PartsLayout layout = PartsLayout.of(location, summaries, knownLabels, false);
        List<ExampleBlock> blocks = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            ParsedExamples p = parts.get(i);
            blocks.add((p.stringLabels != null ? p.withLabelIndex(layout.index()) : p).toBlock(layout.firstIds()[i]));
        }
        return new Dataset(location, ExampleBlock.concat(blocks), layout.classes(), layout.labelNames(), layout.skipped());
    }
}
