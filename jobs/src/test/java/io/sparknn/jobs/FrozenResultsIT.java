package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frozen results: a handful of runs whose {@code model.bin} (parameters, buffers, optimizer state,
 * preprocessing) and non-timing {@code metrics.jsonl} values must not change under a refactor. Each
 * runs the packaged job jar in a JVM of its own with netlib's plain-Java BLAS ({@code Java11BLAS}:
 * native BLAS disallowed and no {@code jdk.incubator.vector}), whose sums run in a fixed order in
 * Java, so the SHA-256 sums recorded in {@code frozen-results.txt} hold on any x86-64 machine
 * whatever BLAS library it has installed.
 *
 * <p>A change that is meant to change numbers records the new sums on purpose, with
 * {@code mvn verify -pl jobs -am -Dit.test=FrozenResultsIT -Dsparknn.frozen.record=true}, and says
 * why in its commit message.
 */
class FrozenResultsIT {
    private static final long TIMEOUT_SECONDS = 600;
    /** The BLAS every frozen hash was taken with; a run that reports another one is not comparable. */
    private static final String BLAS = "Java11BLAS";

    private static final Path RECORDED = Paths.get("src", "test", "resources", "frozen-results.txt");

    @TempDir
    static Path tmp;
    /** One job per line: {@code train} or {@code char-lm}, then its arguments, tab-separated. */
    private static final List<String> PLAN = new ArrayList<>();

    /** Writes every run's config and runs them all in one JVM; the tests then check each run's files. */
    @BeforeAll
    static void runAll() throws Exception {
        String classpath = PackagedJob.classpath()
                + java.io.File.pathSeparator
                + Paths.get("target", "test-classes").toAbsolutePath();
        digitsMlp(tmp.resolve("digits-mlp"));
        convBatchNormDropout(tmp.resolve("conv-batchnorm-dropout"));
        charLm(tmp.resolve("char-lm-stateful"), "stateful", "float32");
        charLm(tmp.resolve("char-lm-sliding"), "sliding", "float64");
        midEpochResume(tmp.resolve("mid-epoch-resume"));
        Path plan = tmp.resolve("plan.tsv");
        Files.write(plan, PLAN, StandardCharsets.UTF_8);
        Path log = tmp.resolve("runs.log");
        int code = PackagedJob.run(
                classpath,
                List.of("--add-modules=jdk.incubator.vector"),
                List.of(
                        "-Xmx1g",
                        "-Dspark.master=local[2]",
                        "-Dspark.ui.enabled=false",
                        "-Ddev.ludovic.netlib.blas.allowNative=false"),
                FrozenRuns.class.getName(),
                List.of(plan.toString()),
                log,
                log,
                TIMEOUT_SECONDS);
        if (code != 0) {
            throw new AssertionError("the frozen runs exited with " + code + ":\n" + tail(log));
        }
    }

    /** What one frozen run must reproduce. */
    record Frozen(String blas, String model, String metrics) {
        @Override
        public String toString() {
            return blas + " " + model + " " + metrics;
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"digits-mlp", "conv-batchnorm-dropout", "char-lm-stateful", "char-lm-sliding", "mid-epoch-resume"
            })
    void keepsItsRecordedResults(String run) throws Exception {
        check(run, tmp.resolve(run));
    }

    /** The README's main job: conf/digits-mlp.json as it is, on local[2]. */
    private static void digitsMlp(Path out) throws IOException {
        String config = Files.readString(Paths.get("..", "conf", "digits-mlp.json"))
                .replace("\"target/runs/digits-mlp\"", quoted(out));
        assertTrue(config.contains(quoted(out)), "conf/digits-mlp.json no longer names target/runs/digits-mlp");
        PLAN.add("train\t" + write("digits-mlp.json", config));
    }

    /** Conv, batch norm (its running statistics are buffers in model.bin) and dropout, in float64. */
    private static void convBatchNormDropout(Path out) throws IOException {
        PLAN.add("train\t" + write("conv.json", """
                {"data": {"format": "builtin", "train": "digits", "validation_fraction": 0.2, "scaling": "divide", "divisor": 16},
                 "network": {"input": [1, 8, 8], "precision": "float64", "layers": [
                     {"type": "conv2d", "filters": 6, "kernel": 3}, {"type": "batchnorm"}, {"type": "relu"},
                     {"type": "maxpool2d", "kernel": 2}, {"type": "flatten"}, {"type": "dropout", "p": 0.25},
                     {"type": "dense", "units": 10}],
                   "loss": "softmax_cross_entropy"},
                 "optimizer": {"type": "sgd", "lr": 0.05, "momentum": 0.9},
                 "training": {"batch_size": 50, "epochs": 1, "seed": 7, "partitions": 2, "max_steps": 12, "log_every": 1},
                 "output": {"dir": %s, "mode": "new"}}
                """.formatted(quoted(out))));
    }

    /**
     * Stopped at step 20 of 15-step epochs (a checkpoint every 7 steps) and resumed from its files
     * with a new Spark session: the resumed run's end state is frozen too.
     */
    private static void midEpochResume(Path out) throws IOException {
        String template = """
                {"data": {"format": "builtin", "train": "digits", "validation_fraction": 0.2, "scaling": "standardize"},
                 "network": {"input": [64], "layers": [
                     {"type": "dense", "units": 16}, {"type": "tanh"}, {"type": "dropout", "p": 0.2}, {"type": "dense", "units": 10}],
                   "loss": "softmax_cross_entropy"},
                 "optimizer": {"type": "adamw", "lr": 0.01, "weight_decay": 0.01},
                 "schedule": {"type": "cosine", "t_max": 40},
                 "training": {"batch_size": 100, "epochs": 3, "seed": 11, "partitions": 3, "log_every": 1, "clip_norm": 1.0,
                              "max_steps": %d},
                 "output": {"dir": %s, "mode": "%s", "checkpoint_every": 7}}
                """;
        PLAN.add("train\t" + write("first.json", template.formatted(20, quoted(out), "new")));
        PLAN.add("train\t" + write("resume.json", template.formatted(0, quoted(out), "resume"))
                + "\t--allow-config-change");
    }

    /** A two-layer LSTM character model on a generated text, stateful or sliding windows. */
    private static void charLm(Path out, String mode, String precision) throws IOException {
        Path text = tmp.resolve("text.txt");
        SplittableRandom r = new SplittableRandom(5);
        String[] words = {"in ", "the ", "beginning ", "was ", "the ", "word.\n", "And ", "light, "};
        StringBuilder b = new StringBuilder();
        while (b.length() < 4000) {
            b.append(words[r.nextInt(words.length)]);
        }
        Files.writeString(text, b);
        PLAN.add("char-lm\t"
                + write(out.getFileName() + ".json", """
                {"data": {"format": "text", "train": %s, "window": 12, %s"mode": "%s",
                          "validation_fraction": 0.1},
                 "network": {"precision": "%s", "layers": [{"type": "embedding", "dim": 4},
                     {"type": "lstm", "hidden": 8},
                     {"type": "lstm", "hidden": 6}, {"type": "dense"}]},
                 "optimizer": {"type": "rmsprop", "lr": 0.01},
                 "training": {"batch_size": 8, "epochs": 1, "seed": 3, "partitions": 2, "threads_per_task": 1,
                              "max_steps": 13, "clip_norm": 2.0, "log_every": 0},
                 "output": {"dir": %s, "mode": "new", "checkpoint_every": 4}}
                """.formatted(
                        quoted(text), mode.equals("sliding") ? "\"stride\": 6, " : "", mode, precision, quoted(out))));
    }

    /** Compares a finished run with its recorded sums, or records them under -Dsparknn.frozen.record=true. */
    private static void check(String name, Path run) throws IOException {
        String runInfo = Files.readString(run.resolve("run-info.json"));
        String blas = runInfo.replaceAll("(?s).*\"blas\"\\s*:\\s*\"([^\"]*)\".*", "$1");
        assertEquals(BLAS, blas, "the run did not use the plain-Java BLAS: " + runInfo);
        Frozen actual = new Frozen(
                blas,
                sha256(Files.readAllBytes(run.resolve("model.bin"))),
                sha256(withoutTimings(run.resolve("metrics.jsonl")).getBytes(StandardCharsets.UTF_8)));
        if (Boolean.getBoolean("sparknn.frozen.record")) {
            record(name, actual);
            return;
        }
        Frozen expected = recorded().get(name);
        assertEquals(
                String.valueOf(expected),
                actual.toString(),
                name + ": the results changed (blas, model.bin SHA-256, "
                        + "metrics SHA-256); if on purpose, record them anew (see FrozenResultsIT's comment)");
    }

    /**
     * The metrics lines without the values that depend on the machine's speed (throughput and the
     * step-time split); losses, accuracies, learning rates and gradient norms stay.
     */
    static String withoutTimings(Path metrics) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
            // timings, and what Spark moved (the spark_… keys: task result sizes vary with the timings in them)
            b.append(line.replaceAll(",?\"([a-z_]*(_ms|_per_s|_seconds)|spark_[a-z_]*)\":[^,}]*", ""))
                    .append('\n');
        }
        return b.toString();
    }

    private static synchronized Map<String, Frozen> recorded() throws IOException {
        Map<String, Frozen> m = new TreeMap<>();
        if (!Files.exists(RECORDED)) {
            return m;
        }
        for (String line : Files.readAllLines(RECORDED, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            assertEquals(
                    4, f.length, RECORDED + ": expected 'name blas model-sha256 metrics-sha256', got '" + line + "'");
            m.put(f[0], new Frozen(f[1], f[2], f[3]));
        }
        return m;
    }

    private static synchronized void record(String name, Frozen frozen) throws IOException {
        Map<String, Frozen> m = new LinkedHashMap<>(recorded());
        m.put(name, frozen);
        StringBuilder b = new StringBuilder(
                "# FrozenResultsIT: name, BLAS, SHA-256 of model.bin, SHA-256 of metrics.jsonl " + "without timings\n");
        new TreeMap<>(m).forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
        Files.writeString(RECORDED, b.toString(), StandardCharsets.UTF_8);
    }

    private static Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static String quoted(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\") + "\"";
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
