package io.sparknn.jobs;

import static io.sparknn.jobs.BadInput.goodRows;
import static io.sparknn.jobs.BadInput.mlp;
import static io.sparknn.jobs.BadInput.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.sparknn.engine.io.Model;
import io.sparknn.trainer.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * Bad input in data sets of several files or table partitions, which are parsed one task per file
 * or partition and checked as a whole on the driver: each case exits with its code, prints one
 * line naming the file and its line (or the table's global row), logs no Spark warning or error
 * (a failed task would, with its stack trace, on the console), and leaves the output as it was.
 * Train cases write over a copy of a finished run with {@code mode: overwrite}.
 */
class BadDirectoryInputTest {
    @TempDir
    Path tmp;

    private final LogCapture log = new LogCapture();

    /** The WARN and ERROR events logged while a case runs: Spark's own would reach the console. */
    private static final class LogCapture extends AbstractAppender {
        final List<LogEvent> events = new CopyOnWriteArrayList<>();

        LogCapture() {
            super("bad-directory-input-capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent e) {
            events.add(e.toImmutable());
        }

        List<String> lines(String loggerPrefix) {
            List<String> out = new ArrayList<>();
            for (LogEvent e : events) {
                if (e.getLoggerName().startsWith(loggerPrefix)) {
                    out.add(e.getLevel() + " " + e.getLoggerName() + ": "
                            + e.getMessage().getFormattedMessage());
                }
            }
            return out;
        }
    }

    @BeforeEach
    void captureLog() {
        JobTestSupport.spark();
        log.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().addAppender(log, Level.WARN, null);
        ctx.updateLoggers();
    }

    @AfterEach
    void releaseLog() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(log.getName());
        ctx.updateLoggers();
        log.stop();
    }

    /** Nothing but sparknn's own lines: a task that failed would show as Spark's WARN and ERROR lines. */
    private void noSparkComplaints() {
        List<String> foreign = new ArrayList<>();
        for (LogEvent e : log.events) {
            if (!e.getLoggerName().startsWith("io.sparknn") || e.getLevel().isMoreSpecificThan(Level.ERROR)) {
                foreign.add(e.getLevel() + " " + e.getLoggerName() + ": "
                        + e.getMessage().getFormattedMessage());
            }
        }
        assertEquals(List.of(), foreign, "log lines besides the job's one line");
    }

    // ---------------------------------------------------------------- helpers

    /** A directory of files given as name, content, name, content... */
    private Path dir(String name, String... files) {
        Path d = tmp.resolve("data/" + name);
        for (int i = 0; i < files.length; i += 2) {
            JobTestSupport.write(d, files[i], files[i + 1]);
        }
        return d;
    }

    private static String csvData(Path location, String more) {
        return "'format': 'csv', 'train': '" + location + "', 'validation_fraction': 0.2"
                + (more.isEmpty() ? "" : ", " + more);
    }

    /** Trains over a finished run and checks the rejection; returns the message. */
    private String train(BadInput.Config c, String... mentions) {
        Path out = BadInput.finishedCopy(tmp);
        Path cfg = c.write(tmp, out);
        String message = rejects(ExitCode.BAD_DATA, "train", Train::run, out, new String[] {cfg.toString()}, mentions);
        noSparkComplaints();
        return message;
    }

    private String trainCsv(Path location, String more, String... mentions) {
        return train(new BadInput.Config().data(csvData(location, more)).network(mlp(4, 3)), mentions);
    }

    private static void doesNotName(String message, Path... files) {
        for (Path f : files) {
            assertFalse(message.contains(f.getFileName().toString()), f.getFileName() + " named in: " + message);
        }
    }

    /** {@code rows} CSV lines of 64 features (0..16, as the digits) and a class label. */
    private static String digitRows(int rows) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 64; j++) {
                b.append((i + j) % 17).append(',');
            }
            b.append(i % 10).append('\n');
        }
        return b.toString();
    }

    private static Model model(Path run) throws IOException {
        return ModelFiles.load(run.resolve("model.bin").toString(), new Configuration());
    }

    // ---------------------------------------------------------------- empty and header-only files

    /** Spark writes a 0-byte part file for an empty partition: left out, first or in the middle. */
    @Test
    void emptyFilesInADirectoryAreLeftOut() throws IOException {
        Path d = dir("d", "a.csv", "", "b.csv", goodRows(10), "c.csv", "", "d.csv", goodRows(12));
        Path out = tmp.resolve("run");
        Path cfg = new BadInput.Config()
                .data(csvData(d, ""))
                .network(mlp(4, 3))
                .mode("new")
                .write(tmp, out);
        JobTestSupport.Result r = JobTestSupport.run(Train::run, cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                Files.readString(out.resolve("run-info.json")).contains("\"train_examples\" : 18"),
                "22 rows, 4 held out");
        noSparkComplaints();
    }

    @Test
    void aDirectoryOfEmptyFilesHasNoDataFiles() {
        Path d = dir("d", "a.csv", "", "b.csv", "");
        trainCsv(d, "", d + " byte 0: no data files (2 empty files left out)");
    }

    @Test
    void anEmptyFileGivenByNameIsAnError() {
        Path d = dir("d", "a.csv", "");
        trainCsv(d.resolve("a.csv"), "", d.resolve("a.csv") + " line 1: empty file");
    }

    @Test
    void aHeaderOnlyFileAmongOthersIsNamed() {
        String header = "a,b,c,d,label\n";
        Path d = dir("d", "a.csv", header + goodRows(10), "b.csv", header, "c.csv", header + goodRows(10));
        trainCsv(
                d,
                "'header': 'first'",
                d.resolve("b.csv").toString(),
                "line 2: no data rows after the header on line 1");
    }

    // ---------------------------------------------------------------- widths

    @Test
    void aLaterFileOfAnotherWidthIsNamedWithItsFirstLine() {
        Path d = dir("d", "a.csv", goodRows(10), "b.csv", goodRows(10), "c.csv", "\n1,2,3,0\n4,5,6,1\n");
        String m = trainCsv(
                d, "", d.resolve("c.csv") + " line 2: rows have 3 features where ", d.resolve("a.csv") + " has 4");
        doesNotName(m, d.resolve("b.csv"));
    }

    @Test
    void aFirstFileOfAnotherWidthThanTheNetworkTakesIsTheOneNamed() {
        Path d = dir("d", "a.csv", "1,2,3,0\n4,5,6,1\n", "b.csv", goodRows(10), "c.csv", goodRows(10));
        String m = trainCsv(d, "", d.resolve("a.csv") + " line 1: rows have 3 features where ", "b.csv has 4");
        doesNotName(m, d.resolve("c.csv"));
    }

    // ---------------------------------------------------------------- malformed lines

    @Test
    void theFirstMalformedFileInNameOrderIsNamed() {
        Path d = dir(
                "d",
                "a.csv",
                goodRows(10),
                "b.csv",
                goodRows(4) + "1,x,3,4,0\n" + goodRows(3),
                "c.csv",
                "1,2,3,4,0\n1,2,y,4,0\n");
        String m = trainCsv(d, "", d.resolve("b.csv") + " line 5: column 2: 'x' is not a number");
        doesNotName(m, d.resolve("c.csv"));
    }

    @Test
    void gzippedAndPlainFilesMixTheGzippedOneNamedByLine() {
        Path d = dir("d", "b.csv", goodRows(10));
        BadInput.write(d, "a.csv.gz", BadInput.gzip(goodRows(20).getBytes(StandardCharsets.UTF_8)));
        BadInput.write(d, "c.csv.gz", BadInput.gzip((goodRows(6) + "1,2,3,NaN,0\n").getBytes(StandardCharsets.UTF_8)));
        trainCsv(d, "", d.resolve("c.csv.gz") + " line 7: column 4: 'NaN' is not a finite number");
    }

    @Test
    void aCorruptGzipAfterAPlainFileIsNamed() {
        Path d = dir("d", "a.csv", goodRows(10));
        byte[] z = BadInput.gzip(goodRows(400).getBytes(StandardCharsets.UTF_8));
        z[z.length / 2] ^= 0x5a;
        BadInput.write(d, "b.csv.gz", z);
        trainCsv(d, "", d.resolve("b.csv.gz").toString(), "of the gunzipped content", "gzip");
    }

    @Test
    void skipMalformedAcrossFilesTrainsAndWarnsPerFile() throws IOException {
        Path d = dir(
                "d",
                "a.csv",
                goodRows(20) + "1,x,3,4,0\n",
                "b.csv",
                goodRows(20),
                "c.csv",
                "1,2,3,4,0\n1,2\n" + goodRows(20));
        Path out = tmp.resolve("run");
        Path cfg = new BadInput.Config()
                .data(csvData(d, "'skip_malformed': true"))
                .network(mlp(4, 3))
                .mode("new")
                .write(tmp, out);
        JobTestSupport.Result r = JobTestSupport.run(Train::run, cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err().strip());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        List<String> warnings = log.lines("io.sparknn.trainer.data.DistributedDataset");
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(
                warnings.get(0).contains("skipped 1 malformed line(s) of file:" + d.resolve("a.csv"))
                        && warnings.get(0).contains("line 21"),
                warnings.toString());
        assertTrue(
                warnings.get(1).contains(d.resolve("c.csv").toString())
                        && warnings.get(1).contains("line 2"),
                warnings.toString());
        noSparkComplaints();
    }

    // ---------------------------------------------------------------- directory contents

    @Test
    void aSubdirectoryIsNamedRatherThanSkipped() {
        Path d = dir("d", "a.csv", goodRows(10), "more/b.csv", goodRows(10));
        trainCsv(d, "", d.resolve("more") + ": is a subdirectory", "move its files up");
    }

    @Test
    void hiddenAndUnderscoreSubdirectoriesAreLeftOut() throws IOException {
        Path d = dir(
                "d",
                "a.csv",
                goodRows(10),
                "_temporary/0/b.csv",
                "junk",
                ".hidden/c.csv",
                "junk",
                "b.csv",
                "1,2,3,4,9\n");
        // the error is b.csv's label: the two subdirectories were not read
        trainCsv(d, "", d.resolve("b.csv") + " line 1", "9");
    }

    @Test
    void anUnreadableFileIsNamed() throws IOException {
        Path d = dir("d", "a.csv", goodRows(10), "b.csv", goodRows(10), "c.csv", goodRows(10));
        Path b = d.resolve("b.csv");
        Files.setPosixFilePermissions(b, Set.of());
        try {
            assumeFalse(Files.isReadable(b), "running as root: permissions do not stop reading");
            String m = trainCsv(d, "", b + " ", "cannot read", "ermission denied");
            doesNotName(m, d.resolve("a.csv"), d.resolve("c.csv"));
        } finally {
            Files.setPosixFilePermissions(b, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
    }

    /** Hadoop's local file system opens 'x.csv' with its checksum file '.x.csv.crc', a path that a ':' breaks. */
    @Test
    void aFileNameWithAColonIsNamed() {
        Path d = dir("d", "a.csv", goodRows(10), "2024-01-01T10:00.csv", goodRows(10));
        trainCsv(d, "", d.resolve("2024-01-01T10:00.csv") + " byte 0: cannot open", "rename it without ':'");
    }

    @Test
    void anIdxLabelsFileThatCannotBeOpenedIsTheOneNamed() {
        Path d = tmp.resolve("data/idx");
        BadInput.write(d, "images", BadInput.idxImages(10, 2, 2));
        BadInput.write(d, "labels:1", BadInput.idxLabels(10, 3));
        train(
                new BadInput.Config()
                        .data("'format': 'idx', 'train': '" + d.resolve("images") + "', 'train_labels': '"
                                + d.resolve("labels:1") + "'")
                        .network(mlp(4, 3)),
                d.resolve("labels:1") + " byte 0: cannot open");
    }

    // ---------------------------------------------------------------- labels

    @Test
    void aClassOnlyInALaterFileIsLearnt() throws IOException {
        Path d = dir(
                "d",
                "a.csv",
                "1,2,3,4,x\n2,2,3,4,y\n".repeat(5),
                "b.csv",
                "1,2,3,4,x\n2,2,3,4,y\n3,3,3,3,z\n".repeat(4));
        Path out = tmp.resolve("run");
        Path cfg = new BadInput.Config()
                .data(csvData(d, "'labels': 'string'"))
                .network(mlp(4, 3))
                .mode("new")
                .write(tmp, out);
        JobTestSupport.Result r = JobTestSupport.run(Train::run, cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("x", "y", "z"), model(out).preprocessing().labelNames());
        noSparkComplaints();
    }

    @Test
    void aClassOnlyInALaterFileTooManyForTheNetwork() {
        Path d = dir("d", "a.csv", "1,2,3,4,x\n2,2,3,4,y\n".repeat(5), "b.csv", "1,2,3,4,x\n3,3,3,3,z\n");
        train(
                new BadInput.Config().data(csvData(d, "'labels': 'string'")).network(mlp(4, 2)),
                d.toString(),
                "3 classes [x, y, z]",
                "output has 2");
    }

    @Test
    void aTestSetLabelTheTrainingDataLacksIsNamedAtItsFirstLine() {
        Path train = dir("train", "a.csv", "1,2,3,4,a\n1,2,3,4,b\n2,2,3,4,c\n".repeat(3));
        Path test = dir(
                "test",
                "t1.csv",
                "1,2,3,4,a\n1,2,3,4,b\n",
                "t2.csv",
                "1,2,3,4,a\n1,2,3,4,z\n1,2,3,4,b\n1,2,3,4,d\n",
                "t3.csv",
                "1,2,3,4,d\n");
        String m = train(
                new BadInput.Config()
                        .data(csvData(train, "'labels': 'string', 'test': '" + test + "'"))
                        .network(mlp(4, 3)),
                test.resolve("t2.csv") + " line 2: label 'z' is not one of the 3 declared classes [a, b, c]");
        doesNotName(m, test.resolve("t3.csv"));
    }

    // ---------------------------------------------------------------- holdout and scaling

    @Test
    void aValidationFractionThatLeavesNothingToTrainOnTouchesNothing() {
        Path d = dir("d", "a.csv", "1,2,3,4,0\n", "b.csv", "1,2,3,4,1\n");
        train(
                new BadInput.Config()
                        .data("'format': 'csv', 'train': '" + d + "', 'validation_fraction': 0.9")
                        .network(mlp(4, 3)),
                d.toString(),
                "all 2 examples would be held out",
                "none would be left to train on");
    }

    /** Feature 1 nearly constant (1 and 1 + 2^-23): standardizing divides by about 6e-8. */
    private static String nearConstant(int rows) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            b.append(i % 2 == 0 ? "1" : "1.00000012")
                    .append(',')
                    .append(i % 5)
                    .append(",0.5,")
                    .append(i % 3)
                    .append(',')
                    .append(i % 3)
                    .append('\n');
        }
        return b.toString();
    }

    @Test
    void aTestValueThatScalesBeyondTheFloatRangeIsNamedByFileAndLine() {
        Path train = dir("train", "a.csv", nearConstant(30));
        Path test = dir("test", "t1.csv", nearConstant(6), "t2.csv", nearConstant(2) + "1e35,1,0.5,1,1\n");
        String m = train(
                new BadInput.Config()
                        .data(csvData(train, "'scaling': 'standardize', 'test': '" + test + "'"))
                        .network(mlp(4, 3)),
                test.resolve("t2.csv") + " line 3: feature 1: the value 1.0E35 scales to Infinity");
        doesNotName(m, test.resolve("t1.csv"));
    }

    @Test
    void predictNamesTheFileAndLineOfAValueThatScalesBeyondTheFloatRange() {
        Path out = tmp.resolve("run");
        Path cfg = new BadInput.Config()
                .data(csvData(dir("train", "a.csv", nearConstant(30)), "'scaling': 'standardize'"))
                .network(mlp(4, 3))
                .mode("new")
                .write(tmp, out);
        assertEquals(0, JobTestSupport.run(Train::run, cfg.toString()).code());
        Path input = dir("input", "p1.csv", nearConstant(4), "p2.csv", nearConstant(3) + "-1e36,1,0.5,1,1\n");
        Path predictions = JobTestSupport.write(tmp, "predictions/part-00000", "0,0.2,0.3,0.5\n")
                .getParent();
        JobTestSupport.write(predictions, "_SUCCESS", "");
        rejects(
                ExitCode.BAD_DATA,
                "predict",
                Predict::run,
                predictions,
                new String[] {
                    cfg.toString(), "--input", input.toString(), "--output", predictions.toString(), "--overwrite"
                },
                input.resolve("p2.csv") + " line 4: feature 1: the value -1.0E36 scales to -Infinity");
        noSparkComplaints();
    }

    // ---------------------------------------------------------------- parquet

    /** A Parquet directory of two files, 25 good rows then 5 whose third has a NaN feature 1. */
    private Path twoParquetFiles() {
        SparkSession spark = SparkSession.active();
        Path d = tmp.resolve("data/pq");
        spark.range(0, 25)
                .selectExpr("array(double(id), 1.0d, 2.0d, 3.0d) as features", "int(id % 3) as label")
                .coalesce(1)
                .write()
                .parquet(d.toString());
        spark.range(0, 5)
                .selectExpr(
                        "array(case when id = 2 then double('NaN') else double(id) end, 1.0d, 2.0d, 3.0d) "
                                + "as features",
                        "int(id % 3) as label")
                .coalesce(1)
                .write()
                .mode("append")
                .parquet(d.toString());
        return d;
    }

    @Test
    void aBadRowInALaterParquetPartitionIsNamedByItsRowInTheWholeTable() {
        SparkSession spark = SparkSession.active();
        Path d = twoParquetFiles();
        // where Spark's own read puts the bad row: the rows of the partitions before it, then its place in its own
        List<Tuple2<Integer, Long>> at = spark.read()
                .parquet(d.toString())
                .javaRDD()
                .mapPartitionsWithIndex(
                        (p, rows) -> {
                            List<Tuple2<Integer, Long>> found = new ArrayList<>();
                            long i = 0;
                            while (rows.hasNext()) {
                                Row r = rows.next();
                                i++;
                                if (Double.isNaN(((Number) r.getList(0).get(0)).doubleValue())) {
                                    found.add(new Tuple2<>(p, i));
                                }
                            }
                            return found.iterator();
                        },
                        true)
                .collect();
        long[] sizes = spark
                .read()
                .parquet(d.toString())
                .javaRDD()
                .mapPartitions(rows -> {
                    long n = 0;
                    while (rows.hasNext()) {
                        rows.next();
                        n++;
                    }
                    return List.of(n).iterator();
                })
                .collect()
                .stream()
                .mapToLong(Long::longValue)
                .toArray();
        assertEquals(1, at.size());
        assertTrue(
                at.get(0)._1() > 0,
                "the bad row is in the first partition: " + at + ", sizes " + Arrays.toString(sizes));
        long row = at.get(0)._2();
        for (int p = 0; p < at.get(0)._1(); p++) {
            row += sizes[p];
        }
        train(
                new BadInput.Config()
                        .data("'format': 'parquet', 'train': '" + d + "'")
                        .network(mlp(4, 3)),
                d + " row " + row + ": feature 1 is NaN");
    }

    @Test
    void aDamagedLaterParquetFileIsADataErrorWithoutSparkComplaints() throws IOException {
        Path d = twoParquetFiles();
        Path small = null;
        try (var files = Files.list(d)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .toList()) {
                if (small == null || Files.size(f) < Files.size(small)) {
                    small = f;
                }
            }
        }
        damage(small, false);
        train(
                new BadInput.Config()
                        .data("'format': 'parquet', 'train': '" + d + "'")
                        .network(mlp(4, 3)),
                d + " row 26: cannot read the file holding it");
    }

    @Test
    void aLaterParquetFileWithADamagedFooterIsNamedWithoutSparkComplaints() throws IOException {
        Path d = twoParquetFiles();
        Path last;
        try (var files = Files.list(d)) {
            last = files.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow();
        }
        damage(last, true);
        train(
                new BadInput.Config()
                        .data("'format': 'parquet', 'train': '" + d + "'")
                        .network(mlp(4, 3)),
                last + ": is not a readable Parquet file (");
    }

    /**
     * Flips the bytes of a Parquet file's column chunks (between the magic 'PAR1' and the footer) or
     * of its footer (its length in the 4 bytes before the end magic), the magic left whole, and drops
     * its checksum file so that the damage reaches the reader.
     */
    private static void damage(Path file, boolean footerOnly) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int footer = java.nio.ByteBuffer.wrap(b, b.length - 8, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt();
        int from = footerOnly ? b.length - 8 - footer : 4;
        int to = footerOnly ? b.length - 8 : b.length - 8 - footer;
        for (int i = from; i < to; i++) {
            b[i] ^= 0x5a;
        }
        Files.write(file, b);
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    }

    @Test
    void aMissingParquetPathIsNotFoundWithoutSparkComplaints() {
        Path missing = tmp.resolve("data/none.parquet");
        train(
                new BadInput.Config()
                        .data("'format': 'parquet', 'train': '" + missing + "'")
                        .network(mlp(4, 3)),
                missing + ": file not found");
    }

    @Test
    void aParquetDirectoryWithoutDataFilesSaysSo() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("data/emptypq"));
        Files.writeString(d.resolve("_SUCCESS"), "");
        train(
                new BadInput.Config()
                        .data("'format': 'parquet', 'train': '" + d + "'")
                        .network(mlp(4, 3)),
                d + " byte 0: no data files");
    }

    // ---------------------------------------------------------------- evaluate and predict

    @Test
    void evaluateOverADirectoryNamesTheBadFile() {
        Path d = dir("d", "a.csv", digitRows(10), "b.csv", digitRows(3) + "0,".repeat(63) + "x,1\n", "c.csv", "junk\n");
        Path cfg = new BadInput.Config().data(csvData(d, "")).write(tmp, tmp.resolve("unused"));
        Path out = BadInput.finishedCopy(tmp);
        String m = rejects(
                ExitCode.BAD_DATA,
                "evaluate",
                Evaluate::run,
                out,
                new String[] {
                    cfg.toString(),
                    "--model",
                    BadInput.finishedRun().resolve("model.bin").toString(),
                    "--data",
                    d.toString(),
                    "--out",
                    out.toString()
                },
                d.resolve("b.csv") + " line 4: column 64: 'x' is not a number");
        doesNotName(m, d.resolve("c.csv"));
        noSparkComplaints();
    }

    @Test
    void predictOverADirectoryNamesTheBadFileAndKeepsTheOldPredictions() {
        Path d = dir(
                "d", "a.csv", digitRows(10), "b.csv", digitRows(3) + "0,".repeat(20) + "x," + "0,".repeat(43) + "1\n");
        Path cfg = new BadInput.Config().data(csvData(d, "")).write(tmp, tmp.resolve("unused"));
        Path predictions = JobTestSupport.write(tmp, "predictions/part-00000", "3,0.1,0.9\n")
                .getParent();
        JobTestSupport.write(predictions, "_SUCCESS", "");
        rejects(
                ExitCode.BAD_DATA,
                "predict",
                Predict::run,
                predictions,
                new String[] {
                    cfg.toString(),
                    "--model",
                    BadInput.finishedRun().resolve("model.bin").toString(),
                    "--input",
                    d.toString(),
                    "--output",
                    predictions.toString(),
                    "--overwrite"
                },
                d.resolve("b.csv") + " line 4: column 21: 'x' is not a number");
        noSparkComplaints();
    }

    /**
     * Rows with a label column of names in a.csv (a number on its first lines, a name on its last)
     * and a bad feature in b.csv: read without a label column, a.csv fails first, on its last line;
     * read with it, a.csv is fine and b.csv fails. The reading that got further is the one that got
     * past a.csv, whatever the line numbers say.
     */
    @Test
    void predictNamesTheProblemOfTheReadingThatGotFurtherAcrossFiles() {
        String a = digitRows(4) + "0,".repeat(64) + "cat\n";
        String b = digitRows(1) + "0,".repeat(5) + "x," + "0,".repeat(58) + "1\n";
        Path d = dir("d", "a.csv", a, "b.csv", b);
        Path cfg = new BadInput.Config().data(csvData(d, "")).write(tmp, tmp.resolve("unused"));
        Path predictions = tmp.resolve("predictions");
        rejects(
                ExitCode.BAD_DATA,
                "predict",
                Predict::run,
                predictions,
                new String[] {
                    cfg.toString(),
                    "--model",
                    BadInput.finishedRun().resolve("model.bin").toString(),
                    "--input",
                    d.toString(),
                    "--output",
                    predictions.toString()
                },
                d.resolve("b.csv") + " line 2: column 6: 'x' is not a number");
        noSparkComplaints();
    }
}
