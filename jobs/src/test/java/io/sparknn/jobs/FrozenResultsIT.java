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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    private static String classpath;

    @TempDir
    Path tmp;

    @BeforeAll
    static void packagedJar() throws IOException {
        classpath = PackagedJob.classpath();
    }

    /** What one frozen run must reproduce. */
    record Frozen(String blas, String model, String metrics) {
        @Override
        public String toString() {
            return blas + " " + model + " " + metrics;
        }
    }

    @Test
    void digitsMlp() throws Exception {
        Path out = tmp.resolve("digits-mlp");
        String config = Files.readString(Paths.get("..", "conf", "digits-mlp.json"))
                .replace("\"target/runs/digits-mlp\"", quoted(out));
        assertTrue(config.contains(quoted(out)), "conf/digits-mlp.json no longer names target/runs/digits-mlp");
        train(write("digits-mlp.json", config));
        check("digits-mlp", out);
    }

    /** Conv, batch norm (its running statistics are buffers in model.bin) and dropout, in float64. */
    @Test
    void convBatchNormDropout() throws Exception {
        Path out = tmp.resolve("conv");
        train(write("conv.json", """
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
        check("conv-batchnorm-dropout", out);
    }

    @Test
    void charLmStateful() throws Exception {
        charLm("char-lm-stateful", "stateful", "float32");
    }

    @Test
    void charLmSliding() throws Exception {
        charLm("char-lm-sliding", "sliding", "float64");
    }

    /**
     * Stopped at step 20 of 15-step epochs (a checkpoint every 7 steps) and resumed from its files
     * in a new JVM: the resumed run's end state is frozen too.
     */
    @Test
    void midEpochResume() throws Exception {
        Path out = tmp.resolve("resume");
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
        train(write("first.json", template.formatted(20, quoted(out), "new")));
        assertTrue(Files.isDirectory(out.resolve("checkpoints/step-0000000020")), "the first part stops at step 20");
        train(write("resume.json", template.formatted(0, quoted(out), "resume")), "--allow-config-change");
        check("mid-epoch-resume", out);
    }

    private void charLm(String name, String mode, String precision) throws Exception {
        Path out = tmp.resolve(name);
        Path text = tmp.resolve("text.txt");
        SplittableRandom r = new SplittableRandom(5);
        String[] words = {"in ", "the ", "beginning ", "was ", "the ", "word.\n", "And ", "light, "};
        StringBuilder b = new StringBuilder();
        while (b.length() < 4000) {
            b.append(words[r.nextInt(words.length)]);
        }
        Files.writeString(text, b);
        Path config = write(name + ".json", """
                {"data": {"format": "text", "train": %s},
                 "sequence": {"window": 12, "stride": 6, "mode": "%s", "validation_fraction": 0.1},
                 "network": {"embedding": 4, "lstm": [8, 6]},
                 "optimizer": {"type": "rmsprop", "lr": 0.01},
                 "training": {"batch_size": 8, "epochs": 1, "seed": 3, "precision": "%s", "partitions": 2,
                              "max_train_chars": 1200, "clip_norm": 2.0},
                 "output": {"dir": %s, "mode": "new", "checkpoint_every": 4}}
                """.formatted(quoted(text), mode, precision, quoted(out)));
        run("io.sparknn.jobs.CharLm", config.toString());
        check(name, out);
    }

    private void train(Path config, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(config.toString()));
        args.addAll(Arrays.asList(options));
        run("io.sparknn.jobs.Train", args.toArray(String[]::new));
    }

    /**
     * Runs a job's main class in a JVM of its own on local[2] with the plain-Java BLAS (native BLAS
     * disallowed, and no jdk.incubator.vector, with which netlib picks VectorBLAS); it must succeed.
     */
    private void run(String mainClass, String... args) throws Exception {
        Path log = Files.createTempFile(tmp, "job", ".log");
        int code = PackagedJob.run(classpath, List.of("--add-modules=jdk.incubator.vector"), List.of("-Xmx1g",
                "-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Ddev.ludovic.netlib.blas.allowNative=false"),
                mainClass, List.of(args), log, log, TIMEOUT_SECONDS);
        if (code != 0) {
            throw new AssertionError(mainClass + " " + String.join(" ", args) + " exited with " + code + ":\n" + tail(log));
        }
    }

    /** Compares a finished run with its recorded sums, or records them under -Dsparknn.frozen.record=true. */
    private static void check(String name, Path run) throws IOException {
        String runInfo = Files.readString(run.resolve("run-info.json"));
        String blas = runInfo.replaceAll("(?s).*\"blas\"\\s*:\\s*\"([^\"]*)\".*", "$1");
        assertEquals(BLAS, blas, "the run did not use the plain-Java BLAS: " + runInfo);
        Frozen actual = new Frozen(blas, sha256(Files.readAllBytes(run.resolve("model.bin"))),
                sha256(withoutTimings(run.resolve("metrics.jsonl")).getBytes(StandardCharsets.UTF_8)));
        if (Boolean.getBoolean("sparknn.frozen.record")) {
            record(name, actual);
            return;
        }
        Frozen expected = recorded().get(name);
        assertEquals(String.valueOf(expected), actual.toString(), name + ": the results changed (blas, model.bin SHA-256, "
                + "metrics SHA-256); if on purpose, record them anew (see FrozenResultsIT's comment)");
    }

    /**
     * The metrics lines without the values that depend on the machine's speed (throughput and the
     * step-time split); losses, accuracies, learning rates and gradient norms stay.
     */
    static String withoutTimings(Path metrics) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
            b.append(line.replaceAll(",?\"[a-z_]*(_ms|_per_s|_seconds)\":[^,}]*", "")).append('\n');
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
            assertEquals(4, f.length, RECORDED + ": expected 'name blas model-sha256 metrics-sha256', got '" + line + "'");
            m.put(f[0], new Frozen(f[1], f[2], f[3]));
        }
        return m;
    }

    private static synchronized void record(String name, Frozen frozen) throws IOException {
        Map<String, Frozen> m = new LinkedHashMap<>(recorded());
        m.put(name, frozen);
        StringBuilder b = new StringBuilder("# FrozenResultsIT: name, BLAS, SHA-256 of model.bin, SHA-256 of metrics.jsonl "
                + "without timings\n");
        new TreeMap<>(m).forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
        Files.writeString(RECORDED, b.toString(), StandardCharsets.UTF_8);
    }

    private Path write(String name, String content) throws IOException {
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
