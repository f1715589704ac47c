package io.sparknn.trainer.data;

import io.sparknn.engine.io.Preprocessing;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.trainer.config.LabelType;
import io.sparknn.trainer.config.ScalingKind;
import io.sparknn.trainer.config.TableData;
import io.sparknn.trainer.config.TableLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * A data set parsed where Spark runs its tasks and never gathered on the driver, so it may be
 * larger than the driver's heap: one task per unit (a file, an IDX pair, a table partition), the
 * parsed rows persisted at the configured storage level until they are cut into partitions. The
 * driver sees each unit's summary only. Scaling is fitted from per-unit statistics, and the rows
 * of a selection reach their partitions through one shuffle, as even blocks in id order: the
 * same blocks a read on one machine would cut.
 */
public final class DistributedDataset implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedDataset.class);
    /** A block's features live in one Java array. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

    /** The rows of a selection, cached in partitions, and how many there are. */
    public record Partitioned(JavaRDD<ExampleBlock> rdd, long n) {}

    private final JavaSparkContext sc;
    private final JavaRDD<ParsedPart> parts;
    private final PartsLayout layout;
    /** What close() unpersists: {@code parts}, or the cached RDD it is computed from. */
    private final JavaRDD<ParsedPart> cached;

    private DistributedDataset(
            JavaSparkContext sc, JavaRDD<ParsedPart> parts, PartsLayout layout, JavaRDD<ParsedPart> cached) {
        this.sc = sc;
        this.parts = parts;
        this.layout = layout;
        this.cached = cached;
    }

    /** The same data set without feature column {@code column}, computed from these cached rows when used. */
    private DistributedDataset withoutColumn(int column) {
        PartsLayout l = layout;
        return new DistributedDataset(
                sc,
                parts.map(p -> p.withoutColumn(column)),
                new PartsLayout(
                        l.source(),
                        l.n(),
                        l.width() - 1,
                        l.firstIds(),
                        l.index(),
                        l.classes(),
                        l.labelNames(),
                        l.skipped()),
                cached);
    }

    /**
     * Parses {@code location} on the executors and checks it as a whole on the driver; the first
     * problem in the data set's order is a {@link DataException} naming its file and line.
     *
     * @param knownLabels class names learnt from the training data (null for the training data)
     * @param classes     the network's outputs: a class index at or above is an error (0 = unchecked)
     */
    public static DistributedDataset read(
            JavaSparkContext sc,
            TableData c,
            String location,
            String labels,
            List<String> knownLabels,
            int width,
            int classes,
            StorageLevel level) {
        return read(sc, c, location, width, level, new Labelling(labels, knownLabels, classes, false));
    }

    /**
     * Rows to predict on, in the training format, each with class label 0: a CSV may come without
     * its label column (every column is then a feature) or with it (read as text and ignored);
     * LIBSVM lines keep their label token. When neither reading of a CSV works, the one that got
     * further names the problem.
     *
     * @param width the model's input width
     */
    public static DistributedDataset readUnlabelled(
            JavaSparkContext sc, TableData c, String location, int width, StorageLevel level) {
        boolean csv = c.format().csv();
        DistributedDataset d = null;
        DataException withoutLabel = null;
        try {
            // a table's label column is left out by name; a LIBSVM line's label token is read as any number
            LabelType labels = csv || c.format().sql() ? LabelType.NONE : LabelType.FLOAT;
            d = read(sc, c.withLabels(labels), location, width, level, Labelling.CLASS_ZERO);
        } catch (DataException e) {
            if (!csv) {
                throw e;
            }
            withoutLabel = e; // e.g. a label column of class names, read as a feature
        }
        if (csv && d != null && d.layout.width() == width + 1 && d.layout.skipped() == 0) {
            // every column was a number: the label column was read as a feature, and dropping it is
            // what reading it as a label would give, without parsing the files again
            int labelColumn = c.layout() instanceof TableLayout.Csv csvLayout ? csvLayout.labelColumn() : -1;
            return d.withoutColumn(labelColumn < 0 ? width + 1 + labelColumn : labelColumn);
        }
        if (csv && (d == null || d.layout.width() != width)) {
            if (d != null) {
                d.close(); // its rows are not needed; its layout still names the width if the other reading fails
            }
            try {
                DistributedDataset withLabel =
                        read(sc, c.withLabels(LabelType.STRING), location, width, level, Labelling.CLASS_ZERO);
                if (withLabel.layout.width() == width) {
                    d = withLabel;
                } else {
                    withLabel.close();
                }
            } catch (DataException e) {
                if (d == null) {
                    throw further(e, withoutLabel, DataUnit.list(c, location, null, sc.hadoopConfiguration()));
                }
            }
        }
        if (d == null) {
            throw withoutLabel;
        }
        return d;
    }

    /**
     * Of two readings' errors, the one that got further names the real problem: in a later file, or
     * further down the same one ({@code other} when neither did). Lines alone would compare lines
     * of different files.
     */
    private static DataException further(DataException e, DataException other, List<DataUnit> units) {
        List<String> files = units.stream().map(DataUnit::name).toList();
        int fe = files.indexOf(e.source());
        int fo = files.indexOf(other.source());
        return (fe != fo ? fe > fo : e.line() > other.line()) ? e : other;
    }

    /**
     * How a reading takes its labels: from {@code source} (a labels file, or null), checked against
     * the training data's class names {@code known} (null for the training data) and the network's
     * {@code classes} (0 = unchecked); or, for rows to predict on ({@code classZero}), whatever the
     * rows hold replaced by class 0.
     */
    private record Labelling(String source, List<String> known, int classes, boolean classZero) {
        static final Labelling CLASS_ZERO = new Labelling(null, null, 0, true);
    }

    private static DistributedDataset read(
            JavaSparkContext sc, TableData c, String location, int width, StorageLevel level, Labelling labelling) {
        int classes = labelling.classes();
        boolean unlabelled = labelling.classZero();
        boolean table = c.format().sql();
        JavaRDD<ParsedPart> parts;
        if (table) {
            parts = TableReader.parts(
                    SparkSession.builder().sparkContext(sc.sc()).getOrCreate(), c, location, classes);
        } else {
            List<DataUnit> units = DataUnit.list(c, location, labelling.source(), sc.hadoopConfiguration());
            SerializableConfiguration hadoop = new SerializableConfiguration(sc.hadoopConfiguration());
            parts = sc.parallelize(units, Math.max(1, units.size()))
                    .map(u -> parse(u, hadoop, c, width, classes, unlabelled));
        }
        parts = parts.persist(level);
        try {
            sc.setJobDescription("read " + location);
            List<PartSummary> summaries = new ArrayList<>();
            InPartitionOrder.forEach(parts.map(ParsedPart::summary), summaries::add);
            PartsLayout layout = PartsLayout.of(location, summaries, labelling.known(), table, width);
            logSkipped(summaries);
            return new DistributedDataset(sc, parts, layout, parts);
        } catch (RuntimeException | Error e) {
            parts.unpersist(false);
            throw e;
        }
    }

    private static ParsedPart parse(
            DataUnit u, SerializableConfiguration hadoop, TableData c, int width, int classes, boolean unlabelled) {
        try {
            ParsedExamples p = u.parse(hadoop.value(), c, width, classes);
            return ParsedPart.of(u.index(), unlabelled ? p.withDummyLabels() : p);
        } catch (DataException e) {
            return ParsedPart.failed(u.index(), u.name(), e);
        }
    }

    private static void logSkipped(List<PartSummary> summaries) {
        for (PartSummary s : summaries) {
            if (s.skippedMalformed() > 0) {
                LOG.warn(
                        "skipped {} malformed line(s) of {}, the first: {}",
                        s.skippedMalformed(),
                        s.source(),
                        s.skipReasons().isEmpty() ? "?" : s.skipReasons().get(0));
            }
        }
    }

    /** How many units (files, table partitions) the data set was read in. */
    public int units() {
        return layout.firstIds().length;
    }

    /** Size, width, labels and ids of the data set. */
    public PartsLayout layout() {
        return layout;
    }

    /**
     * Scaling fitted on the selected rows: statistics per unit, added up on the driver in the
     * units' order (a data set of one file gives the bits of a single pass over its rows).
     */
    public Preprocessing fitScaling(RowSelection rows, ScalingKind mode, double divisor, List<String> labelNames) {
        if (mode == ScalingKind.NONE || mode == ScalingKind.DIVIDE) {
            return Scaling.fit(mode, divisor, layout.width(), null, null, labelNames);
        }
        long[] firstIds = layout.firstIds();
        int width = layout.width();
        sc.setJobDescription("fit " + mode.text() + " scaling");
        FeatureStats[] stats = new FeatureStats[1];
        InPartitionOrder.forEach(
                parts.map(p -> FeatureStats.of(p.features, width, rows.keep(firstIds[p.index], p.n))),
                next -> stats[0] = stats[0] == null ? next : stats[0].plus(next));
        return Scaling.fit(
                mode,
                divisor,
                width,
                stats[0],
                mean -> {
                    double[] sq = new double[width];
                    boolean[] first = {true};
                    InPartitionOrder.forEach(
                            parts.map(p -> FeatureStats.squaredDeviations(
                                    p.features, width, rows.keep(firstIds[p.index], p.n), mean)),
                            part -> {
                                for (int j = 0; j < width; j++) {
                                    sq[j] = first[0] ? part[j] : sq[j] + part[j];
                                }
                                first[0] = false;
                            });
                    return sq;
                },
                labelNames);
    }

    /**
     * The selected rows, scaled by {@code pre} and checked to stay finite, in {@code partitions}
     * blocks of even sizes (fewer when there are fewer rows) in id order, persisted at
     * {@code level} and materialised; null when no row is selected.
     *
     * @param renumber whether the rows get ids 0..n−1 in their order (the training set, so the
     *                 epoch permutation covers exactly its examples) or keep their global ids
     */
    public Partitioned partition(
            RowSelection rows, Preprocessing pre, int partitions, boolean renumber, StorageLevel level) {
        long[] firstIds = layout.firstIds();
        int width = layout.width();
        LabelIndex index = layout.index();
        String source = layout.source();
        double[] offset = pre == null ? null : pre.offset();
        double[] scale = pre == null ? null : pre.scale();
        sc.setJobDescription("check " + source);
        List<SelectedRows> selected = new ArrayList<>();
        InPartitionOrder.forEach(
                parts.map(p -> SelectedRows.of(p, firstIds[p.index], rows, offset, scale, width)), selected::add);
        long[] before = new long[selected.size()];
        long n = 0;
        for (int i = 0; i < before.length; i++) {
            SelectedRows s = selected.get(i);
            if (s.error() != null) {
                throw s.error();
            }
            before[i] = n;
            n += s.n();
        }
        if (n == 0) {
            return null;
        }
        int k = (int) Math.max(1, Math.min(partitions, n));
        long largest = (n + k - 1) / k;
        if (largest * width > MAX_ARRAY) {
            long perPartition = MAX_ARRAY / width;
            throw DataException.of(
                    source,
                    "a partition of " + largest + " examples of " + width + " features is more "
                            + "than one Java array holds; set training.partitions to at least "
                            + ((n + perPartition - 1) / perPartition));
        }
        int[] sizes = ExampleBlock.evenSizes(n, k);
        long[] starts = new long[k + 1];
        for (int p = 0; p < k; p++) {
            starts[p + 1] = starts[p] + sizes[p];
        }
        sc.setJobDescription("partition " + source);
        JavaRDD<ExampleBlock> blocks = parts.flatMapToPair(p -> {
                    ExampleBlock b = scaled(
                            p, firstIds[p.index], p.select(firstIds[p.index], rows, index, width), offset, scale);
                    return pieces(renumber ? renumbered(b, before[p.index]) : b, before[p.index], starts)
                            .iterator();
                })
                .partitionBy(new HashPartitioner(k))
                .values()
                .mapPartitions(DistributedDataset::joined, true)
                .persist(level);
        try {
            blocks.count();
        } catch (RuntimeException | Error e) {
            blocks.unpersist(false);
            throw e;
        }
        return new Partitioned(blocks, n);
    }

    /**
     * The unit's selected rows {@code b} scaled; a value that scales beyond the float range is an
     * error naming the unit's file and line (a table's row), where a user can find it.
     */
    private static ExampleBlock scaled(ParsedPart p, long firstId, ExampleBlock b, double[] offset, double[] scale) {
        Preprocessing pre =
                offset == null && scale == null ? null : new Preprocessing(b.width, offset, scale, List.of());
        return Scaling.apply(pre, b, (row, problem) -> p.errorAt((int) (b.ids[row] - firstId), b.ids[row], problem));
    }

    private static ExampleBlock renumbered(ExampleBlock b, long first) {
        long[] ids = new long[b.n];
        for (int i = 0; i < b.n; i++) {
            ids[i] = first + i;
        }
        return new ExampleBlock(
                b.n, b.width, b.features, ids, b.labels, b.targets, b.targetWidth, b.targetRowsPerExample);
    }

    /** A unit's rows, ranked from {@code first} within the selection, cut at the partitions' starts. */
    static List<Tuple2<Integer, ExampleBlock>> pieces(ExampleBlock b, long first, long[] starts) {
        List<Tuple2<Integer, ExampleBlock>> out = new ArrayList<>();
        int p = 0;
        int from = 0;
        while (from < b.n) {
            while (starts[p + 1] <= first + from) {
                p++;
            }
            int len = (int) Math.min(b.n - from, starts[p + 1] - (first + from));
            out.add(new Tuple2<>(p, b.slice(from, len)));
            from += len;
        }
        return out;
    }

    /** A partition's pieces, which arrive in any order, put back in id order. */
    static Iterator<ExampleBlock> joined(Iterator<ExampleBlock> pieces) {
        List<ExampleBlock> all = new ArrayList<>();
        pieces.forEachRemaining(all::add);
        if (all.isEmpty()) {
            return List.<ExampleBlock>of().iterator();
        }
        all.sort(Comparator.comparingLong(b -> b.ids[0]));
        return List.of(ExampleBlock.concat(all)).iterator();
    }

    /** The parsed rows are no longer needed once the partitions are cached. */
    @Override
    public void close() {
        cached.unpersist(false);
    }
}
