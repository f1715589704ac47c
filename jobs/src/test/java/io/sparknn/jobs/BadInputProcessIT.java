package io.sparknn.jobs;

import static io.sparknn.jobs.BadInput.csv;
import static io.sparknn.jobs.BadInput.mlp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the packaged job jar in a JVM of its own, as bin/sparknn and spark-submit run
 * it: the exit code is the one the operating system (and a scheduler) sees, from {@code main}'s
 * {@code System.exit}, and stderr holds the job's one line. Runs under Failsafe, after packaging.
 */
class BadInputProcessIT {
    private static final long TIMEOUT_SECONDS = 180;
    private static String classpath;

    @TempDir
    Path tmp;

    @BeforeAll
    static void packagedJar() throws IOException {
        classpath = PackagedJob.classpath();
    }

    /** What a job process gave: its exit code and its stderr. */
    private record Exit(int code, String err) {
        /** The one line the job printed: Spark may log on stderr too, the job's line is the one with its prefix. */
        String jobLine(String job) {
            List<String> lines =
                    err.lines().filter(l -> l.startsWith(job + ": ")).toList();
            assertEquals(1, lines.size(), "one '" + job + ": ' line expected in stderr:\n" + err);
            assertFalse(err.contains("\tat "), "a stack trace on stderr:\n" + err);
            return lines.get(0);
        }
    }

    private Exit run(String mainClass, String... args) throws Exception {
        Path stderr = tmp.resolve("stderr.txt");
        int code = PackagedJob.run(
                classpath,
                List.of(),
                List.of("-Xmx1g", "-Dspark.master=local[1]", "-Dspark.ui.enabled=false"),
                mainClass,
                List.of(args),
                null,
                stderr,
                TIMEOUT_SECONDS);
        return new Exit(code, Files.readString(stderr, StandardCharsets.UTF_8));
    }

    /** A directory that holds a finished run as far as the jobs can tell: {@code _SUCCESS} and a file. */
    private Path finishedRun() {
        Path out = tmp.resolve("run");
        JobTestSupport.write(out, "_SUCCESS", "");
        JobTestSupport.write(out, "model.bin", "the model of an earlier run\n");
        return out;
    }

    @Test
    void usageErrorExitsWithTwo() throws Exception {
        Exit e = run("io.sparknn.jobs.Train");
        assertEquals(ExitCode.USAGE.code(), e.code(), e.err());
        assertTrue(e.jobLine("train").contains("one config file expected"), e.err());
    }

    @Test
    void badConfigExitsWithThree() throws Exception {
        Path out = finishedRun();
        Map<String, String> before = JobTestSupport.hashes(out);
        Path cfg =
                new BadInput.Config().training("'batchsize': 64, 'epochs': 1").write(tmp, out);
        Exit e = run("io.sparknn.jobs.Train", cfg.toString());
        assertEquals(ExitCode.BAD_CONFIG.code(), e.code(), e.err());
        assertEquals("train: " + cfg + ": unknown key 'training.batchsize'", e.jobLine("train"));
        assertEquals(before, JobTestSupport.hashes(out));
    }

    @Test
    void badDataExitsWithFourAndOverwritesNothing() throws Exception {
        Path out = finishedRun();
        Map<String, String> before = JobTestSupport.hashes(out);
        Path data = JobTestSupport.write(tmp, "train.csv", "1,2,3,4,0\n1,2,3,4,1\n1,2,3,4,2\n1,2,NaN,4,0\n");
        Path cfg = new BadInput.Config()
                .data(csv(data, ""))
                .network(mlp(4, 3))
                .mode("overwrite")
                .write(tmp, out);
        Exit e = run("io.sparknn.jobs.Train", cfg.toString());
        assertEquals(ExitCode.BAD_DATA.code(), e.code(), e.err());
        String line = e.jobLine("train");
        assertTrue(line.contains(data + " line 4: column 3: 'NaN' is not a finite number"), line);
        assertEquals(before, JobTestSupport.hashes(out));
    }

    /**
     * A file that is not a whole Parquet file fails before Spark reads it: Spark's schema inference
     * would fail in a task and print its stack trace.
     */
    @Test
    void aBrokenParquetFileIsOneLineWithoutSparksStackTrace() throws Exception {
        Path out = finishedRun();
        Map<String, String> before = JobTestSupport.hashes(out);
        // one kind of damage in a process, for its exit code and stderr; each kind's message is
        // checked in-process (BadInputCasesTest.aFileThatIsNotAWholeParquetFile, aFileThatIsNotParquet)
        Path dir = tmp.resolve("pq-truncated");
        Files.createDirectories(dir);
        Path file = Files.write(
                dir.resolve("part-00000.parquet"),
                "PAR1 the first row group, and then the file ends".getBytes(StandardCharsets.US_ASCII));
        Path cfg = new BadInput.Config()
                .data("'format': 'parquet', 'train': '" + dir + "'")
                .network(mlp(4, 3))
                .mode("overwrite")
                .write(tmp, out);
        Exit e = run("io.sparknn.jobs.Train", cfg.toString());
        assertEquals(ExitCode.BAD_DATA.code(), e.code(), e.err());
        assertEquals(
                "train: file:" + file
                        + ": is not a whole Parquet file (or an encrypted one): it does not end with PAR1 (truncated?)",
                e.jobLine("train"));
        assertFalse(e.err().contains("ERROR"), "Spark logged an error:\n" + e.err());
        assertEquals(before, JobTestSupport.hashes(out));
    }

    @Test
    void aFinishedRunExitsWithSix() throws Exception {
        Path out = finishedRun();
        Map<String, String> before = JobTestSupport.hashes(out);
        Path cfg = new BadInput.Config().mode("new").write(tmp, out);
        Exit e = run("io.sparknn.jobs.Train", cfg.toString());
        assertEquals(ExitCode.OUTPUT_REFUSED.code(), e.code(), e.err());
        assertTrue(e.jobLine("train").contains(out + " already holds a finished run"), e.err());
        assertEquals(before, JobTestSupport.hashes(out));
    }

    /** Found before the data is read: the data path does not exist, which would otherwise exit with 4. */
    @Test
    void anOutputDirectoryBelowAFileExitsWithSixBeforeTheDataIsRead() throws Exception {
        Path file = JobTestSupport.write(tmp, "a", "keep me\n");
        Path out = file.resolve("b/run");
        Path cfg = new BadInput.Config()
                .data(csv(tmp.resolve("no-such.csv"), ""))
                .network(mlp(4, 3))
                .mode("new")
                .write(tmp, out);
        Exit e = run("io.sparknn.jobs.Train", cfg.toString());
        assertEquals(ExitCode.OUTPUT_REFUSED.code(), e.code(), e.err());
        assertEquals(
                "train: output directory " + out + " cannot be created: " + file + " is a file", e.jobLine("train"));
        assertEquals("keep me\n", Files.readString(file));
    }

    @Test
    void aDamagedModelExitsWithSeven() throws Exception {
        Path model = JobTestSupport.write(tmp, "model.bin", "SPARKNN\0 but nothing after the magic");
        Path cfg = new BadInput.Config().mode("new").write(tmp, tmp.resolve("unused"));
        Path predictions = tmp.resolve("predictions");
        Exit e = run(
                "io.sparknn.jobs.Predict",
                cfg.toString(),
                "--model",
                model.toString(),
                "--input",
                "digits",
                "--output",
                predictions.toString());
        assertEquals(ExitCode.BAD_MODEL.code(), e.code(), e.err());
        assertTrue(e.jobLine("predict").startsWith("predict: model file " + model), e.err());
        assertFalse(Files.exists(predictions), "predictions written from a damaged model");
    }
}
