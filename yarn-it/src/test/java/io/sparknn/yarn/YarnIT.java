package io.sparknn.yarn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.cluster.BuildLayout;
import io.sparknn.cluster.Polling;
import io.sparknn.cluster.ProcessTree;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.trainer.data.EmbeddedData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job jar on real HDFS and YARN ({@link MiniHadoop}: Hadoop's mini-clusters in this JVM, the
 * containers real processes), submitted in cluster deploy mode as the README says: the config
 * shipped with {@code --files}, the digits as a CSV file on {@code hdfs://}, the run written to
 * HDFS. One training run is compared bit for bit with the same training in local mode
 * ({@code local[2]}, same config, data and partitioning, from a local copy of the file) and is then
 * evaluated and predicted from on YARN; a second run loses its first attempt's driver (the
 * ApplicationMaster JVM, SIGKILL) and YARN's second attempt resumes it; a bad config fails the
 * application with the documented exit code.
 *
 * <p>Each test needs only what {@link #setUp()} builds, or asks {@link #trainedRun()} for the one
 * training run, so they pass in any order. Logs, the clusters' directories and the local runs stay
 * in {@code yarn-it/target/yarn-it/}; a failure prints the ApplicationMasters' stderr.
 */
class YarnIT {
    private static final int PARTITIONS = 3;
    private static final int BATCH = 128;
    private static final int EPOCHS = 3;
    /** 1,797 digits, 20 % held out: 1,438 training examples in batches of 128. */
    private static final int STEPS_PER_EPOCH = 12;

    private static final int N = EPOCHS * STEPS_PER_EPOCH;
    /** Not a multiple of the epoch length, so the resumed attempt starts mid-epoch. */
    private static final int CHECKPOINT_EVERY = 10;
    /** The kill lands after a checkpoint and at least this many steps before the end. */
    private static final int K = 8;

    private static final Duration APP_TIMEOUT = Duration.ofSeconds(240);
    private static final Pattern PROGRESS = Pattern.compile("epoch (\\d+)/\\d+ step (\\d+)/(\\d+) ");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where conf/digits-yarn.json reads the digits and writes its run. */
    private static final String DATA = "/sparknn/digits/digits.csv";

    private static final String README_RUN = "/sparknn/runs/digits-yarn";

    /** Evaluate and predict are a few tasks: one executor is enough, and starts sooner. */
    private static final Map<String, String> ONE_EXECUTOR = Map.of("spark.executor.instances", "1");

    private static MiniHadoop hadoop;
    private static Submitter submitter;
    private static Path base;
    private static Path localData;
    private static double[] reference;
    private static String referenceBlas;
    private static String trainedRun;
    /** Why {@link #trainedRun()} failed (the tests that need it fail at once); null if it did not. */
    private static String trainedRunFailure;

    private static final Map<String, Double> FIGURES = new LinkedHashMap<>();

    @BeforeAll
    static void setUp() throws IOException {
        long t0 = System.nanoTime();
        BuildLayout layout = BuildLayout.find();
        base = layout.root().resolve("yarn-it/target/yarn-it");
        hadoop = MiniHadoop.start(base.resolve("hadoop"));
        FIGURES.put("HDFS and YARN start", (System.nanoTime() - t0) / 1e9);
        submitter = Submitter.create(
                layout, layout.root().resolve("yarn-it/target/yarn-classpath.txt"), hadoop.confDir(), base);
        byte[] csv;
        try (InputStream in =
                new GZIPInputStream(EmbeddedData.class.getResourceAsStream(EmbeddedData.DIGITS_RESOURCE))) {
            csv = in.readAllBytes();
        }
        // the step counts below are this config's
        JsonNode readme = JSON.readTree(readmeConfig().toFile());
        assertEquals(BATCH, readme.path("training").path("batch_size").asInt());
        assertEquals(EPOCHS, readme.path("training").path("epochs").asInt());
        assertEquals(PARTITIONS, readme.path("training").path("partitions").asInt());
        assertEquals(
                CHECKPOINT_EVERY, readme.path("output").path("checkpoint_every").asInt());
        assertEquals("auto", readme.path("output").path("mode").asText());
        localData = Files.createDirectories(base.resolve("local")).resolve("digits.csv");
        Files.write(localData, csv);
        try (var out = hadoop.fs().create(new org.apache.hadoop.fs.Path(DATA))) {
            out.write(csv);
        }
    }

    @AfterAll
    static void tearDown() {
        if (hadoop != null) {
            hadoop.close();
        }
        StringBuilder b = new StringBuilder("YARN test timings (s):");
        FIGURES.forEach((k, v) -> b.append(String.format("%n  %-34s %6.1f", k, v)));
        System.out.println(b);
    }

    /**
     * Training in YARN's cluster mode ends with {@code _SUCCESS}, YARN's final status SUCCEEDED,
     * its outputs and committed checkpoints on HDFS, and the weights of the same training in local
     * mode, bit for bit.
     */
    @Test
    void trainingInClusterModeOnHdfsGivesTheWeightsOfLocalMode() throws IOException, InterruptedException {
        String dir = trainedRun();
        FileSystem fs = hadoop.fs();
        for (String f : List.of(
                "_SUCCESS", "model.bin", "metrics.jsonl", "evaluation.json", "config.resolved.json", "report.html")) {
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path(dir + "/" + f)), dir + "/" + f + " on HDFS");
        }
        List<String> committed = committed(dir);
        assertFalse(committed.isEmpty(), "committed checkpoints on HDFS");
        JsonNode info = JSON.readTree(read(dir + "/run-info.json"));
        assertEquals("yarn", info.path("master").asText(), info.toString());
        assertEquals(2, info.path("executors").asInt(), "both executors registered at the start: " + info);
        assertEquals(referenceBlas, info.path("blas").asText(), "the comparison holds for one BLAS");
        assertArrayEquals(reference(), weights(dir), "YARN cluster mode and local[2]: same config, data, partitions");
    }

    /**
     * The first attempt's ApplicationMaster (the driver: it runs the job's main) killed with
     * SIGKILL after a mid-epoch checkpoint; YARN starts a second attempt, which resumes from the
     * newest committed checkpoint ({@code output.mode: auto}) and ends with the weights of the
     * uninterrupted run and each step once in {@code metrics.jsonl}.
     */
    @Test
    void aDriverKilledInTheFirstAttemptIsResumedByTheSecond() throws IOException, InterruptedException {
        double[] expected = reference();
        String dir = README_RUN;
        Path cfg = readmeConfig();
        // the README's command line (README.md, "Running on Spark"), with the settings of this test cluster
        Submission s = submitter.cluster(
                "sparknn-driver-kill",
                List.of(cfg),
                Map.of("spark.yarn.maxAppAttempts", "2"),
                "io.sparknn.jobs.Train",
                List.of(cfg.getFileName().toString()));
        System.out.println("YARN driver-kill run: SparkSubmit " + s.arguments());
        onYarn(s, id -> {
            Path firstAm = amStderr(id, 1);
            assertTrue(
                    Polling.await(
                            () -> {
                                List<String> c = committed(dir);
                                int done = stepsDone(text(firstAm));
                                long newest = c.isEmpty() ? 0 : step(c.get(c.size() - 1));
                                return newest % STEPS_PER_EPOCH != 0 && done >= newest + 2 && done <= N - K;
                            },
                            s::isAlive,
                            APP_TIMEOUT),
                    "a mid-epoch checkpoint and 2 more steps:\n" + Submission.tail(text(firstAm), 40));
            ProcessHandle driver = applicationMaster(id, 1);
            int before = stepsDone(text(firstAm));
            assertTrue(driver.destroyForcibly(), "SIGKILL sent to " + driver.pid());
            try {
                driver.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the killed driver did not exit", e);
            }
            assertFalse(driver.isAlive(), "the first attempt's driver is gone");
            int after = stepsDone(text(firstAm));
            long resumeFrom = step(committed(dir).get(committed(dir).size() - 1));
            assertTrue(after <= N - K, "killed at step " + after);
            System.out.printf(
                    "YARN driver kill: SIGKILL to ApplicationMaster pid %d (%s) between steps %d and %d of %d;"
                            + " newest committed checkpoint step %d%n",
                    driver.pid(), id, before, after, N, resumeFrom);

            assertEquals(0, s.await(APP_TIMEOUT), s.tail(40) + ams(id));
            FIGURES.put("driver-kill application (2 attempts)", s.seconds());
            ApplicationReport r = hadoop.report(id);
            assertEquals(FinalApplicationStatus.SUCCEEDED, r.getFinalApplicationStatus(), r.getDiagnostics());
            assertEquals(2, r.getCurrentApplicationAttemptId().getAttemptId(), "the second attempt finished it");
            String second = text(amStderr(id, 2));
            assertTrue(second.contains("resuming from step " + resumeFrom + " "), Submission.tail(second, 40));
            assertTrue(exists(dir + "/_SUCCESS"));
            assertArrayEquals(expected, weights(dir), "weights after YARN's second attempt");
            assertMetricsCompleteOnce(dir);
        });
    }

    /**
     * A config with an unknown key, shipped with {@code --files}, on one allowed attempt: YARN's
     * final status FAILED with the documented exit code in its diagnostics, and in the driver's
     * log one line naming the key, no stack trace.
     */
    @Test
    void aBadConfigFailsTheApplicationWithExitCode3() throws IOException, InterruptedException {
        Path cfg = config("bad-config", "hdfs://" + DATA, "hdfs:///sparknn/runs/bad-config");
        Files.writeString(cfg, Files.readString(cfg).replace("\"seed\": 42", "\"seed\": 42, \"sede\": 1"));
        Submission s = submitter.cluster(
                "sparknn-bad-config",
                List.of(cfg),
                Map.of("spark.yarn.maxAppAttempts", "1"),
                "io.sparknn.jobs.Train",
                List.of(cfg.getFileName().toString()));
        onYarn(s, app -> {
            assertNotEquals(0, s.await(APP_TIMEOUT), "spark-submit reports the failed application");
            FIGURES.put("bad-config application", s.seconds());
            ApplicationReport r = hadoop.report(app);
            assertEquals(FinalApplicationStatus.FAILED, r.getFinalApplicationStatus(), r.getDiagnostics());
            assertTrue(
                    r.getDiagnostics().contains("User application exited with status 3"),
                    "diagnostics: " + r.getDiagnostics());
            assertEquals(1, r.getCurrentApplicationAttemptId().getAttemptId(), "not retried");
            // the job's own output: one line, no stack trace; what follows is the ApplicationMaster's
            // report, with its own stack trace when the job failed before it created a SparkContext
            String am = text(amStderr(app, 1));
            int report = am.indexOf("ERROR ApplicationMaster: User application exited with status 3");
            assertTrue(report > 0, Submission.tail(am, 40));
            String job = am.substring(0, report);
            assertTrue(job.contains("\ntrain: bad-config.json: unknown key 'training.sede'\n"), job);
            assertEquals(1, job.split("\ntrain: ", -1).length - 1, "one error line:\n" + job);
            assertFalse(job.contains("\tat "), "a stack trace in the job's output:\n" + job);
            assertFalse(exists("/sparknn/runs/bad-config/model.bin"));
        });
    }

    /**
     * Evaluate and predict on YARN from the HDFS run: evaluate scores the held-out digits again
     * and finds the training run's own accuracy; predict writes a class and ten probabilities
     * (summing to 1) for every row of the HDFS file, in order, and gets more than 90 % of them right.
     */
    @Test
    void evaluateAndPredictOnYarnReadTheHdfsRun() throws IOException, InterruptedException {
        String dir = trainedRun();
        Path cfg = base.resolve("configs/trained.json");
        Submission eval = submitter.cluster(
                "sparknn-evaluate",
                List.of(cfg),
                ONE_EXECUTOR,
                "io.sparknn.jobs.Evaluate",
                List.of(cfg.getFileName().toString()));
        onYarn(eval, app -> {
            assertEquals(0, eval.await(APP_TIMEOUT), eval.tail(40) + ams(app));
            FIGURES.put("evaluate application", eval.seconds());
        });
        JsonNode trained = JSON.readTree(read(dir + "/evaluation.json"));
        JsonNode evaluated = JSON.readTree(read(dir + "/evaluate/evaluation.json"));
        assertEquals(
                trained.path("accuracy").asDouble(), evaluated.path("accuracy").asDouble(), evaluated.toString());
        assertTrue(evaluated.path("accuracy").asDouble() > 0.85, evaluated.toString());

        String predictions = "/sparknn/predictions/digits";
        Submission predict = submitter.cluster(
                "sparknn-predict",
                List.of(cfg),
                ONE_EXECUTOR,
                "io.sparknn.jobs.Predict",
                List.of(
                        cfg.getFileName().toString(),
                        "--input",
                        "hdfs://" + DATA,
                        "--output",
                        "hdfs://" + predictions));
        onYarn(predict, app -> {
            assertEquals(0, predict.await(APP_TIMEOUT), predict.tail(40) + ams(app));
            FIGURES.put("predict application", predict.seconds());
        });
        assertTrue(exists(predictions + "/_SUCCESS"));
        List<String> lines = new ArrayList<>();
        for (FileStatus f : hadoop.fs().listStatus(new org.apache.hadoop.fs.Path(predictions))) {
            if (f.getPath().getName().startsWith("part-")) {
                lines.add(f.getPath().getName());
            }
        }
        lines.sort(null);
        List<String> rows = new ArrayList<>();
        for (String part : lines) {
            read(predictions + "/" + part).lines().forEach(rows::add);
        }
        List<String> input = Files.readAllLines(localData);
        assertEquals(input.size(), rows.size(), "one prediction per input row");
        int right = 0;
        for (int i = 0; i < rows.size(); i++) {
            String[] p = rows.get(i).split(",");
            assertEquals(11, p.length, rows.get(i));
            double sum = 0;
            for (int c = 1; c < p.length; c++) {
                sum += Double.parseDouble(p[c]);
            }
            assertEquals(1.0, sum, 1e-4, rows.get(i));
            String label =
                    input.get(i).substring(input.get(i).lastIndexOf(',') + 1).trim();
            right += p[0].equals(label) ? 1 : 0;
        }
        assertTrue(right > 0.9 * rows.size(), right + " of " + rows.size() + " predicted right");
    }

    /**
     * The one uninterrupted training run on YARN (HDFS directory {@code /sparknn/runs/trained}),
     * run on first use; its config is {@code configs/trained.json}.
     */
    private static synchronized String trainedRun() throws IOException, InterruptedException {
        if (trainedRunFailure != null) {
            throw new AssertionError("the training run failed before: " + trainedRunFailure);
        }
        if (trainedRun == null) {
            trainedRunFailure = "it did not finish";
            String dir = "/sparknn/runs/trained";
            Path cfg = config("trained", "hdfs://" + DATA, "hdfs://" + dir);
            Submission s = submitter.cluster(
                    "sparknn-train",
                    List.of(cfg),
                    Map.of(),
                    "io.sparknn.jobs.Train",
                    List.of(cfg.getFileName().toString()));
            System.out.println("YARN training run: SparkSubmit " + s.arguments());
            onYarn(s, app -> {
                assertEquals(0, s.await(APP_TIMEOUT), s.tail(40) + ams(app));
                FIGURES.put("training application", s.seconds());
                ApplicationReport r = hadoop.report(app);
                assertEquals(FinalApplicationStatus.SUCCEEDED, r.getFinalApplicationStatus(), r.getDiagnostics());
            });
            trainedRun = dir;
            trainedRunFailure = null;
        }
        return trainedRun;
    }

    /** The same training in local mode (local[2]) from the local copy of the data: its weights. */
    private static synchronized double[] reference() throws IOException {
        if (reference == null) {
            Path out = base.resolve("local/run");
            MiniHadoop.deleteRecursively(out);
            Path cfg = config("local", localData.toString(), out.toString());
            Submission s = submitter.local("sparknn-local", "io.sparknn.jobs.Train", List.of(cfg.toString()));
            assertEquals(0, s.await(APP_TIMEOUT), s.tail(40));
            FIGURES.put("local[2] reference run", s.seconds());
            referenceBlas = JSON.readTree(out.resolve("run-info.json").toFile())
                    .path("blas")
                    .asText();
            reference = ModelFile.load(out.resolve("model.bin")).parameters();
        }
        return reference;
    }

    /**
     * The README's YARN config ({@code conf/digits-yarn.json}, which the driver-kill test submits as
     * it is) with another data file and output directory, written to {@code configs/<name>.json}.
     */
    private static Path config(String name, String data, String out) throws IOException {
        String json = Files.readString(readmeConfig());
        String changed = json.replace("\"hdfs://" + DATA + "\"", "\"" + data + "\"")
                .replace("\"hdfs://" + README_RUN + "\"", "\"" + out + "\"");
        assertTrue(changed.contains("\"" + data + "\"") && changed.contains("\"" + out + "\""), changed);
        Path p = Files.createDirectories(base.resolve("configs")).resolve(name + ".json");
        Files.writeString(p, changed);
        return p;
    }

    private static Path readmeConfig() {
        return submitter.layout().root().resolve("conf/digits-yarn.json");
    }

    /** A test's work on one YARN application, given its id. */
    @FunctionalInterface
    private interface OnApplication {
        void run(ApplicationId app) throws IOException, InterruptedException;
    }

    /**
     * Runs {@code body} on the application {@code s} created, once YARN knows it; on a failed
     * assertion prints its ApplicationMasters' logs (or, before YARN knew it, spark-submit's
     * output), and always ends the submission, so a failed test leaves no application running.
     */
    private static void onYarn(Submission s, OnApplication body) throws IOException, InterruptedException {
        ApplicationId app = null;
        try {
            app = awaitApplication(s);
            body.run(app);
        } catch (AssertionError e) {
            System.out.println(app == null ? s.tail(60) : ams(app));
            throw e;
        } finally {
            s.kill();
        }
    }

    /** The YARN application the submission created (found by its name), once YARN knows it. */
    private static ApplicationId awaitApplication(Submission s) {
        ApplicationId[] id = new ApplicationId[1];
        assertTrue(
                Polling.await(
                        () -> {
                            List<ApplicationReport> r = hadoop.applications(s.name());
                            if (r.isEmpty()) {
                                return false;
                            }
                            assertEquals(1, r.size(), "one application named " + s.name());
                            id[0] = r.get(0).getApplicationId();
                            return true;
                        },
                        s::isAlive,
                        APP_TIMEOUT),
                "YARN has application " + s.name() + ":\n" + s.tail(40));
        return id[0];
    }

    /** The stderr file of attempt {@code attempt}'s ApplicationMaster container, once it exists. */
    private static Path amStderr(ApplicationId app, int attempt) {
        String suffix = String.format("_%02d_000001", attempt);
        Path[] found = new Path[1];
        assertTrue(
                Polling.await(
                        () -> {
                            for (Path p : hadoop.containerStderr(app)) {
                                if (p.getParent().getFileName().toString().endsWith(suffix)) {
                                    found[0] = p;
                                    return true;
                                }
                            }
                            return false;
                        },
                        () -> true,
                        APP_TIMEOUT),
                "attempt " + attempt + "'s ApplicationMaster log of " + app + " in " + hadoop.containerLogs());
        return found[0];
    }

    /**
     * The JVM of attempt {@code attempt}'s ApplicationMaster, found among this machine's
     * processes by its command line: {@code java} running Spark's ApplicationMaster with the log
     * directory of that attempt's first container.
     */
    private static ProcessHandle applicationMaster(ApplicationId app, int attempt) {
        String container =
                String.format("%s_%02d_000001", app.toString().replace("application_", "container_"), attempt);
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("/java"))
                .filter(p -> {
                    String c = ProcessTree.commandLine(p);
                    return c.contains("org.apache.spark.deploy.yarn.ApplicationMaster") && c.contains(container);
                })
                .toList();
        assertEquals(1, found.size(), "one ApplicationMaster JVM of " + container + ": " + found);
        return found.get(0);
    }

    /** Every ApplicationMaster's stderr of the application, for a failure message. */
    private static String ams(ApplicationId app) {
        StringBuilder b = new StringBuilder();
        for (Path p : hadoop.containerStderr(app)) {
            if (p.getParent().getFileName().toString().endsWith("_000001")) {
                b.append("\n---- ").append(p).append(":\n").append(Submission.tail(text(p), 80));
            }
        }
        return b.toString();
    }

    private static String text(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int stepsDone(String log) {
        Matcher m = PROGRESS.matcher(log);
        int done = 0;
        while (m.find()) {
            done = (Integer.parseInt(m.group(1)) - 1) * Integer.parseInt(m.group(3)) + Integer.parseInt(m.group(2));
        }
        return done;
    }

    private static boolean exists(String path) throws IOException {
        return hadoop.fs().exists(new org.apache.hadoop.fs.Path(path));
    }

    private static String read(String path) throws IOException {
        try (InputStream in = hadoop.fs().open(new org.apache.hadoop.fs.Path(path))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static double[] weights(String dir) throws IOException {
        Path local = Files.createTempFile(base, "model", ".bin");
        try {
            hadoop.fs()
                    .copyToLocalFile(
                            new org.apache.hadoop.fs.Path(dir + "/model.bin"),
                            new org.apache.hadoop.fs.Path(local.toUri()));
            return ModelFile.load(local).parameters();
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /** The run's checkpoints on HDFS that have their {@code _MANIFEST}, oldest first. */
    private static List<String> committed(String dir) {
        try {
            org.apache.hadoop.fs.Path c = new org.apache.hadoop.fs.Path(dir + "/checkpoints");
            if (!hadoop.fs().exists(c)) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (FileStatus f : hadoop.fs().listStatus(c)) {
                if (f.getPath().getName().startsWith("step-")
                        && hadoop.fs().exists(new org.apache.hadoop.fs.Path(f.getPath(), "_MANIFEST"))) {
                    out.add(f.getPath().getName());
                }
            }
            out.sort(null);
            return out;
        } catch (IOException e) {
            return List.of(); // pruned while listing: look again next poll
        }
    }

    private static long step(String checkpointDir) {
        return Long.parseLong(checkpointDir.substring("step-".length()));
    }

    /** metrics.jsonl has each step 0..N−1 and each epoch 1..E exactly once, in order. */
    private static void assertMetricsCompleteOnce(String dir) throws IOException {
        List<Integer> steps = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        for (String line : read(dir + "/metrics.jsonl").lines().toList()) {
            JsonNode n = JSON.readTree(line);
            if (n.get("type").asText().equals("step")) {
                steps.add(n.get("step").asInt());
            } else if (n.get("type").asText().equals("epoch")) {
                epochs.add(n.get("epoch").asInt());
            }
        }
        assertEquals(IntStream.range(0, N).boxed().toList(), steps, "step lines");
        assertEquals(IntStream.rangeClosed(1, EPOCHS).boxed().toList(), epochs, "epoch lines");
    }
}
