package io.sparknn.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.io.Preprocessing;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.trainer.LogCapture;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.config.CacheLevel;
import io.sparknn.trainer.config.CsvHeader;
import io.sparknn.trainer.config.DataFormat;
import io.sparknn.trainer.config.LabelType;
import io.sparknn.trainer.config.ScalingKind;
import io.sparknn.trainer.config.TableData;
import io.sparknn.trainer.config.TableLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data set parsed on the executors gives exactly the partitions, labels, holdout and scaling
 * that a read on the driver gives, and reports the same first error without a failed task.
 */
public class DistributedDatasetTest {
    private static final StorageLevel MEMORY = StorageLevel.MEMORY_ONLY();
    private static final String[] NAMES = {"owl", "cat", "emu", "dog"};

    @TempDir
    Path tmp;

    public static TableData csv(String location, LabelType labels, ScalingKind scaling) {
        return new TableData(
                DataFormat.CSV,
                location,
                null,
                0.2,
                labels,
                scaling,
                16,
                CacheLevel.MEMORY_ONLY,
                new TableLayout.Csv(-1, ',', CsvHeader.NONE, false));
    }

    /** Rows of 3 features (a few digits each, some far apart) and a class name from NAMES. */
    private Path file(String name, int rows, long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            s.append(String.format(
                    Locale.ROOT,
                    "%.3f,%d,%.1f,%s%n",
                    r.nextGaussian() * 3 + 1,
                    r.nextInt(17),
                    1000 + r.nextDouble(),
                    NAMES[r.nextInt(i < rows / 2 ? 2 : NAMES.length)]));
        }
        Path p = tmp.resolve("data/" + name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, s);
        return p;
    }

    private static JavaSparkContext sc() {
        return SparkTestContext.get();
    }

    private static Dataset onDriver(TableData c, String location, List<String> known) {
        return DatasetReader.read(c, location, null, sc().hadoopConfiguration(), known, 3);
    }

    private static List<ExampleBlock> blocks(DistributedDataset.Partitioned p) {
        try {
            return p.rdd().collect();
        } finally {
            p.rdd().unpersist(false);
        }
    }

    private static void assertSameBlocks(List<ExampleBlock> expected, List<ExampleBlock> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).features, actual.get(i).features, 0f, "block " + i);
            assertArrayEquals(expected.get(i).ids, actual.get(i).ids, "block " + i);
            assertArrayEquals(expected.get(i).labels, actual.get(i).labels, "block " + i);
        }
    }

    @Test
    void filesOfUnevenSizeGiveTheBlocksADriverReadCuts() throws IOException {
        file("a.csv", 5, 1);
        file("b.csv", 17, 2);
        file("c.csv", 1, 3);
        file("d.csv", 9, 4);
        String dir = tmp.resolve("data").toString();
        TableData c = csv(dir, LabelType.STRING, ScalingKind.NONE);
        ExampleBlock all = onDriver(c, dir, null).examples();
        try (DistributedDataset d = DistributedDataset.read(sc(), c, dir, null, null, 3, 4, MEMORY)) {
            assertEquals(32, d.layout().n());
            assertEquals(List.of("cat", "dog", "emu", "owl"), d.layout().labelNames());
            assertArrayEquals(new long[] {0, 5, 22, 23}, d.layout().firstIds());
            for (int k : new int[] {1, 3, 7, 32, 50}) {
                List<ExampleBlock> expected =
                        ExampleBlock.split(all, ExampleBlock.evenSizes(all.n, Math.min(k, all.n)));
                assertSameBlocks(expected, blocks(d.partition(RowSelection.ALL, null, k, false, MEMORY)));
            }
        }
    }

    @Test
    void theHoldoutAndTheScalingAreTheDriversOnOneFileAndAgreeToRoundingOnSeveral() throws IOException {
        file("one/all.csv", 40, 5);
        String one = tmp.resolve("data/one").toString();
        TableData c = csv(one, LabelType.STRING, ScalingKind.STANDARDIZE);
        ExampleBlock all = onDriver(c, one, null).examples();
        Holdout h = new Holdout(all.n, 0.25, 9);
        ExampleBlock held = all.rows(IntStream.range(0, all.n)
                .filter(i -> h.validation().includes(i))
                .toArray());
        ExampleBlock train = all.rows(
                IntStream.range(0, all.n).filter(i -> h.training().includes(i)).toArray());
        assertEquals(10, held.n);
        Preprocessing expected = Scaling.fit(train, ScalingKind.STANDARDIZE, 1, List.of());
        try (DistributedDataset d = DistributedDataset.read(sc(), c, one, null, null, 3, 4, MEMORY)) {
            Preprocessing pre = d.fitScaling(h.training(), ScalingKind.STANDARDIZE, 1, List.of());
            assertArrayEquals(expected.offset(), pre.offset(), 0.0);
            assertArrayEquals(expected.scale(), pre.scale(), 0.0);
            ExampleBlock scaled = Scaling.apply(pre, train, one);
            long[] renumbered = java.util.stream.LongStream.range(0, train.n).toArray();
            List<ExampleBlock> got = blocks(d.partition(h.training(), pre, 3, true, MEMORY));
            List<ExampleBlock> want = ExampleBlock.split(
                    new ExampleBlock(train.n, 3, scaled.features, renumbered, train.labels, null, 1, 1),
                    ExampleBlock.evenSizes(train.n, 3));
            assertSameBlocks(want, got);
            ExampleBlock validation = Scaling.apply(pre, held, one);
            assertSameBlocks(
                    ExampleBlock.split(validation, ExampleBlock.evenSizes(held.n, 2)),
                    blocks(d.partition(h.validation(), pre, 2, false, MEMORY)));
        }
        // the same rows cut into three files: the per-file sums add up in another order
        List<String> lines = Files.readAllLines(tmp.resolve("data/one/all.csv"));
        Path three = Files.createDirectories(tmp.resolve("three"));
        Files.write(three.resolve("1.csv"), lines.subList(0, 7));
        Files.write(three.resolve("2.csv"), lines.subList(7, 30));
        Files.write(three.resolve("3.csv"), lines.subList(30, 40));
        try (DistributedDataset d = DistributedDataset.read(sc(), c, three.toString(), null, null, 3, 4, MEMORY)) {
            Preprocessing pre = d.fitScaling(h.training(), ScalingKind.STANDARDIZE, 1, List.of());
            for (int j = 0; j < 3; j++) {
                assertEquals(expected.offset()[j], pre.offset()[j], Math.abs(expected.offset()[j]) * 1e-14);
                assertEquals(expected.scale()[j], pre.scale()[j], expected.scale()[j] * 1e-12);
            }
            Preprocessing minmax = d.fitScaling(h.training(), ScalingKind.MINMAX, 1, List.of());
            Preprocessing exact = Scaling.fit(train, ScalingKind.MINMAX, 1, List.of());
            assertArrayEquals(exact.offset(), minmax.offset(), 0.0);
            assertArrayEquals(exact.scale(), minmax.scale(), 0.0);
        }
    }

    @Test
    void theFirstBadFileInOrderIsReportedByLineWithoutAFailedTask() throws IOException {
        file("a.csv", 4, 1);
        Files.writeString(tmp.resolve("data/b.csv"), "1,2,3,cat\n1,2,3,dog\n1,2,x,cat\n");
        Files.writeString(tmp.resolve("data/c.csv"), "1,2,3,cat,4\n");
        String dir = tmp.resolve("data").toString();
        TableData c = csv(dir, LabelType.STRING, ScalingKind.NONE);
        DataException driver = assertThrows(DataException.class, () -> onDriver(c, dir, null));
        try (LogCapture executor = new LogCapture(org.apache.spark.executor.Executor.class);
                LogCapture scheduler = new LogCapture(org.apache.spark.scheduler.TaskSetManager.class)) {
            DataException e = assertThrows(
                    DataException.class, () -> DistributedDataset.read(sc(), c, dir, null, null, 3, 4, MEMORY));
            assertTrue(e.getMessage().matches(".*/data/b\\.csv line 3: .*"), e.getMessage());
            assertEquals(driver.getMessage(), e.getMessage());
            assertEquals(List.of(), executor.lines());
            assertEquals(List.of(), scheduler.lines());
        }
        assertEquals(0, sc().sc().getPersistentRDDs().size(), "the parsed rows of a failed read stay cached");
    }

    @Test
    void aTestSetLabelOutsideTheTrainingClassesNamesTheLineWhereItFirstAppears() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("test"));
        Files.writeString(dir.resolve("1.csv"), "1,2,3,cat\n");
        Files.writeString(dir.resolve("2.csv"), "1,2,3,dog\n1,2,3,zebra\n1,2,3,ant\n1,2,3,zebra\n");
        TableData c = csv(dir.toString(), LabelType.STRING, ScalingKind.NONE);
        DataException e = assertThrows(
                DataException.class,
                () -> DistributedDataset.read(sc(), c, dir.toString(), null, List.of("cat", "dog"), 3, 2, MEMORY));
        assertTrue(
                e.getMessage()
                        .endsWith("/test/2.csv line 2: label 'zebra' is not one of the 2 declared classes [cat, dog]"),
                e.getMessage());
        assertEquals(
                assertThrows(DataException.class, () -> onDriver(c, dir.toString(), List.of("cat", "dog")))
                        .getMessage(),
                e.getMessage());
    }

    @Test
    void allHeldOutIsNothingToPartition() throws IOException {
        file("a.csv", 3, 1);
        String a = tmp.resolve("data/a.csv").toString();
        try (DistributedDataset d = DistributedDataset.read(
                sc(), csv(a, LabelType.STRING, ScalingKind.NONE), a, null, null, 3, 4, MEMORY)) {
            Holdout h = new Holdout(3, 1.0, 1);
            assertEquals(3, h.heldOut());
            assertNull(d.partition(h.training(), null, 2, true, MEMORY));
        }
    }

    @Test
    void aTableReadWherePartitionsAreNumbersRowsAcrossThemAsTheDriverReadDoes() {
        StructType schema = new StructType()
                .add("a", DataTypes.DoubleType)
                .add("b", DataTypes.DoubleType)
                .add("label", DataTypes.IntegerType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(RowFactory.create((double) i, i * 0.5, i % 3));
        }
        SparkSession spark = SparkSession.builder().sparkContext(sc().sc()).getOrCreate();
        String good = tmp.resolve("good.parquet").toString();
        spark.createDataFrame(rows, schema).repartition(3).write().parquet(good);
        TableData c = new TableData(
                DataFormat.PARQUET,
                good,
                null,
                0.2,
                LabelType.INT,
                ScalingKind.NONE,
                1,
                CacheLevel.MEMORY_ONLY,
                new TableLayout.Sql("*", "label"));
        // splits as large as the largest file: each of the 3 files is a partition of its own
        spark.conf().set("spark.sql.files.maxPartitionBytes", String.valueOf(largestFile(good)));
        try {
            ExampleBlock all = DatasetReader.read(c, good, null, sc().hadoopConfiguration(), null, 2, 3)
                    .examples();
            try (DistributedDataset d = DistributedDataset.read(sc(), c, good, null, null, 2, 3, MEMORY)) {
                assertTrue(d.layout().firstIds().length >= 3, "the table should be read in several partitions");
                assertSameBlocks(
                        ExampleBlock.split(all, ExampleBlock.evenSizes(30, 4)),
                        blocks(d.partition(RowSelection.ALL, null, 4, false, MEMORY)));
            }
            rows.set(25, RowFactory.create(Double.NaN, 1.0, 0));
            String bad = tmp.resolve("bad.parquet").toString();
            spark.createDataFrame(rows, schema).repartition(3).write().parquet(bad);
            DataException driver = assertThrows(
                    DataException.class,
                    () -> DatasetReader.read(c, bad, null, sc().hadoopConfiguration(), null, 2, 3));
            DataException e = assertThrows(
                    DataException.class, () -> DistributedDataset.read(sc(), c, bad, null, null, 2, 3, MEMORY));
            assertEquals(driver.getMessage(), e.getMessage());
            assertTrue(e.getMessage().matches(".* row \\d+: column 'a' is NaN"), e.getMessage());
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
        }
    }

    /**
     * Spark cuts a file scan into splits of about total bytes / cores: a table read must not let
     * that reorder its rows, or the ids, the holdout and every batch would change with the cluster.
     */
    @Test
    void aTablesRowOrderDoesNotDependOnTheCoreCount() {
        SparkSession spark = SparkSession.builder().sparkContext(sc().sc()).getOrCreate();
        String path = tmp.resolve("many-row-groups.parquet").toString();
        spark.sql("select double(id) as a, double(id % 7) as b, int(id % 3) as label from range(60000)")
                .repartition(2)
                .write()
                .option("parquet.block.size", 32768)
                .parquet(path);
        TableData c = new TableData(
                DataFormat.PARQUET,
                path,
                null,
                0.2,
                LabelType.INT,
                ScalingKind.NONE,
                1,
                CacheLevel.MEMORY_ONLY,
                new TableLayout.Sql("*", "label"));
        String cores = "spark.sql.leafNodeDefaultParallelism";
        String openCost = "spark.sql.files.openCostInBytes";
        List<List<ExampleBlock>> reads = new ArrayList<>();
        List<Integer> plainSplits = new ArrayList<>();
        spark.conf().set(openCost, "4096");
        try {
            for (String n : new String[] {"2", "16"}) {
                spark.conf().set(cores, n);
                plainSplits.add(spark.read().parquet(path).javaRDD().getNumPartitions());
                try (DistributedDataset d = DistributedDataset.read(sc(), c, path, null, null, 2, 3, MEMORY)) {
                    reads.add(blocks(d.partition(RowSelection.ALL, null, 3, false, MEMORY)));
                }
            }
        } finally {
            spark.conf().unset(cores);
            spark.conf().unset(openCost);
        }
        assertTrue(plainSplits.get(1) > plainSplits.get(0), "the plain scan splits by cores: " + plainSplits);
        assertSameBlocks(reads.get(0), reads.get(1));
        assertTrue(
                spark.conf().getOption("spark.sql.files.minPartitionNum").isEmpty(),
                "the session's setting is restored");
    }

    /** Predict on a table: its label column, of any type, is left out of the features by name, or may be missing. */
    @Test
    void rowsToPredictOnFromATableWithOrWithoutItsLabelColumn() {
        SparkSession spark = SparkSession.builder().sparkContext(sc().sc()).getOrCreate();
        String labelled = tmp.resolve("regression.parquet").toString();
        String bare = tmp.resolve("bare.parquet").toString();
        spark.sql("select double(id) as a, 0.37d as y, double(id) / 4 as b from range(5)")
                .coalesce(1)
                .write()
                .parquet(labelled);
        spark.sql("select double(id) as a, double(id) / 4 as b from range(5)")
                .coalesce(1)
                .write()
                .parquet(bare);
        TableData c = new TableData(
                DataFormat.PARQUET,
                labelled,
                null,
                0.2,
                LabelType.FLOAT,
                ScalingKind.NONE,
                1,
                CacheLevel.MEMORY_ONLY,
                new TableLayout.Sql("*", "y"));
        float[] expected = {0, 0, 1, 0.25f, 2, 0.5f, 3, 0.75f, 4, 1};
        for (String path : new String[] {labelled, bare}) {
            try (DistributedDataset d = DistributedDataset.readUnlabelled(sc(), c, path, 2, MEMORY)) {
                assertEquals(2, d.layout().width(), path);
                List<ExampleBlock> b = blocks(d.partition(RowSelection.ALL, null, 1, false, MEMORY));
                assertArrayEquals(expected, b.get(0).features, 0f, path);
            }
        }
    }

    /** Rows to predict on from a CSV that has its (numeric) label column, here the second: the column is left out. */
    @Test
    void rowsToPredictOnLeaveANumericLabelColumnOut() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("predict"));
        Files.writeString(dir.resolve("a.csv"), "1,7,2,3\n4,8,5,6\n");
        Files.writeString(dir.resolve("b.csv"), "7,9,8,9.5\n");
        TableData c = new TableData(
                DataFormat.CSV,
                dir.toString(),
                null,
                0.2,
                LabelType.INT,
                ScalingKind.NONE,
                1,
                CacheLevel.MEMORY_ONLY,
                new TableLayout.Csv(1, ',', CsvHeader.NONE, false));
        try (DistributedDataset d = DistributedDataset.readUnlabelled(sc(), c, dir.toString(), 3, MEMORY)) {
            assertEquals(3, d.layout().width());
            List<ExampleBlock> b = blocks(d.partition(RowSelection.ALL, null, 1, false, MEMORY));
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9.5f}, b.get(0).features, 0f);
        }
        assertTrue(sc().sc().getPersistentRDDs().isEmpty(), "closing drops the parsed rows");
    }

    /** The first problem in file order wins, whatever its kind: a later file's malformed line does not hide an earlier width. */
    @Test
    void aWidthProblemInAnEarlierFileIsReportedBeforeAParseErrorInALaterOne() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("order"));
        Files.writeString(dir.resolve("a.csv"), "1,2,3,cat\n");
        Files.writeString(dir.resolve("b.csv"), "1,2,3,4,cat\n1,2,3,4,dog\n");
        Files.writeString(dir.resolve("c.csv"), "1,2,3,cat\n1,x,3,dog\n");
        DataException e = assertThrows(
                DataException.class,
                () -> DistributedDataset.read(
                        sc(),
                        csv(dir.toString(), LabelType.STRING, ScalingKind.NONE),
                        dir.toString(),
                        null,
                        null,
                        3,
                        4,
                        MEMORY));
        assertTrue(
                e.getMessage().matches(".*/order/b\\.csv line 1: rows have 4 features where .*/order/a\\.csv has 3"),
                e.getMessage());
    }

    /** A relative Parquet location below a '_' folder: the folders above the location do not hide its files. */
    @Test
    void aRelativeParquetPathBelowAnUnderscoreFolderIsRead() throws IOException {
        SparkSession spark = SparkSession.builder().sparkContext(sc().sc()).getOrCreate();
        Path table = tmp.resolve("_runs/t.parquet");
        spark.sql("select double(id) as a, double(id) * 2 as b, int(id % 2) as label from range(6)")
                .coalesce(1)
                .write()
                .parquet(table.toString());
        String relative = Path.of("").toAbsolutePath().relativize(table).toString();
        TableData c = new TableData(
                DataFormat.PARQUET,
                relative,
                null,
                0.2,
                LabelType.INT,
                ScalingKind.NONE,
                1,
                CacheLevel.MEMORY_ONLY,
                new TableLayout.Sql("*", "label"));
        try (DistributedDataset d = DistributedDataset.read(sc(), c, relative, null, null, 2, 2, MEMORY)) {
            assertEquals(6, d.layout().n());
        }
        // a file name with ':' cannot be opened by the local file system: named, not a failed task
        try (var files = Files.list(table)) {
            Path part = files.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .findFirst()
                    .orElseThrow();
            Files.move(part, part.resolveSibling("part:1.parquet"));
        }
        DataException e = assertThrows(
                DataException.class, () -> DistributedDataset.read(sc(), c, relative, null, null, 2, 2, MEMORY));
        assertTrue(e.getMessage().contains("part:1.parquet: cannot be read ("), e.getMessage());
    }

    /** Predict on LIBSVM: the label token, whatever number it is (a regression target, -1), is read and ignored. */
    @Test
    void rowsToPredictOnFromLibsvmIgnoreAnyLabel() throws IOException {
        Path f = tmp.resolve("p.libsvm");
        Files.writeString(f, "0.37 1:2 3:4\n-1 2:5\n");
        TableData c = new TableData(
                DataFormat.LIBSVM,
                f.toString(),
                null,
                0.2,
                LabelType.INT,
                ScalingKind.NONE,
                1,
                CacheLevel.MEMORY_ONLY,
                new TableLayout.Libsvm(false));
        try (DistributedDataset d = DistributedDataset.readUnlabelled(sc(), c, f.toString(), 3, MEMORY)) {
            List<ExampleBlock> b = blocks(d.partition(RowSelection.ALL, null, 1, false, MEMORY));
            assertArrayEquals(new float[] {2, 0, 4, 0, 5, 0}, b.get(0).features, 0f);
        }
    }

    private static long largestFile(String dir) {
        try (var files = Files.list(Path.of(dir))) {
            return files.mapToLong(f -> f.toFile().length()).max().orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
