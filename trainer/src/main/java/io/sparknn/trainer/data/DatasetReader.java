package io.sparknn.trainer.data;

import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.trainer.config.LabelType;
import io.sparknn.trainer.config.TableData;
import io.sparknn.trainer.config.TableLayout;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a configured data set on the driver from any Hadoop path (a file, or a directory whose
 * files are read in name order) or from the built-in data, into one block with ids 0..n−1.
 * Every problem is a {@link DataException} naming the file and line.
 */
public final class DatasetReader {
    private DatasetReader() {}

    /**
     * @param knownLabels  class names learnt from the training data, so a test set maps names to
     *                     the same indices (null for the training data itself)
     */
    public static Dataset read(
            TableData c, String location, String labels, Configuration hadoop, List<String> knownLabels, int width) {
        return read(c, location, labels, hadoop, knownLabels, width, 0);
    }

    /**
     * As {@link #read(TableData, String, String, Configuration, List, int)}, with every class index
     * checked to be below {@code classes} (the network's outputs; 0 = unchecked), so that a label
     * out of range is an error naming its line.
     */
    public static Dataset read(
            TableData c,
            String location,
            String labels,
            Configuration hadoop,
            List<String> knownLabels,
            int width,
            int classes) {
        if (c.format().sql()) {
            return TableReader.read(
                    org.apache.spark.sql.SparkSession.builder().getOrCreate(), c, location, knownLabels, classes);
        }
        List<ParsedExamples> parts = new ArrayList<>();
        for (DataUnit u : DataUnit.list(c, location, labels, hadoop)) {
            parts.add(u.parse(hadoop, c, width, classes));
        }
        return combine(location, parts, knownLabels);
    }

    static CsvFormat csv(TableData c) {
        if (!(c.layout() instanceof TableLayout.Csv layout)) { // the built-in digits
            return c.labels() == LabelType.NONE
                    ? CsvFormat.defaults().withLabelKind(LabelKind.NONE)
                    : CsvFormat.defaults();
        }
        CsvFormat f = CsvFormat.defaults()
                .withDelimiter(layout.delimiter())
                .withLabelColumn(layout.labelColumn())
                .withSkipMalformed(layout.skipMalformed())
                .withLabelKind(
                        switch (c.labels()) {
                            case STRING -> LabelKind.STRING;
                            case FLOAT -> LabelKind.FLOAT;
                            case NONE -> LabelKind.NONE;
                            case INT -> LabelKind.CLASS_INDEX;
                        });
        return switch (layout.header()) {
            case FIRST -> f.withHeader(CsvFormat.Header.NAMES);
            case SKLEARN -> f.withHeader(CsvFormat.Header.SKLEARN);
            case NONE -> f;
        };
    }

    /** All parts as one block with ids in file order; string labels indexed over all parts. */
    static Dataset combine(String location, List<ParsedExamples> parts, List<String> knownLabels) {
        List<ParsedPart> units = new ArrayList<>();
        List<PartSummary> summaries = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            units.add(ParsedPart.of(i, parts.get(i)));
            summaries.add(units.get(i).summary());
        }
        PartsLayout layout = PartsLayout.of(location, summaries, knownLabels, false);
        // the blocks the executors' read builds, the same way
        List<ExampleBlock> blocks = new ArrayList<>();
        for (ParsedPart u : units) {
            blocks.add(u.select(layout.firstIds()[u.index], RowSelection.ALL, layout.index(), layout.width()));
        }
        return new Dataset(
                location, ExampleBlock.concat(blocks), layout.classes(), layout.labelNames(), layout.skipped());
    }
}
