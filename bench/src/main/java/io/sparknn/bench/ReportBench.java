package io.sparknn.bench;

import io.sparknn.trainer.report.ReportWriter;
import io.sparknn.trainer.report.RunData;
import io.sparknn.trainer.report.RunFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Run report benchmark (not a test): the time to write {@code report.html} for a run of
 * {@code --lines} metrics lines (default 100,000; target under 1 s), as {@code bin/sparknn report}
 * does once its JVM is up: read the run directory ({@link RunFiles}: metrics.jsonl parsed, the JSON
 * files) and write the page ({@link ReportWriter}). The run is generated in {@code --out}: step
 * lines as {@code StepLog} writes them (a noisy decaying loss, a few NaN), an epoch line every 100
 * steps, a 10-class evaluation. Each of {@code --rounds} rounds (default 5) is timed; the first
 * runs on a cold JIT, as a user's single report command does.
 *
 * <pre>bin/sparknn-bench report [--rounds N]</pre>
 */
public final class ReportBench {
    private ReportBench() {}

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, "lines rounds out");
        int lines = a.integer("lines", 100_000);
        int rounds = a.integer("rounds", 5);
        Path dir = Path.of(a.string("out", "target/bench/report")).toAbsolutePath();
        Files.createDirectories(dir);
        long metricsBytes = generate(dir, lines);
        System.out.println(Environment.describe(
                "run report: " + lines + " metrics lines (" + metricsBytes / 1024 + " KiB) in " + dir, 1));
        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path run = new org.apache.hadoop.fs.Path(dir.toString());
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(run, ReportWriter.FILE);
        for (int r = 1; r <= rounds; r++) {
            long t0 = System.nanoTime();
            RunData data = RunFiles.read(fs, run, "bench");
            long t1 = System.nanoTime();
            ReportWriter.write(fs, out, List.of(data));
            long t2 = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "RESULT report lines=%d pass=%d read_ms=%.1f write_ms=%.1f total_ms=%.1f page_kib=%d%n",
                    lines,
                    r,
                    (t1 - t0) / 1e6,
                    (t2 - t1) / 1e6,
                    (t2 - t0) / 1e6,
                    Files.size(dir.resolve(ReportWriter.FILE)) / 1024);
        }
    }

    /** Writes the run's files; returns the size of its metrics.jsonl. */
    private static long generate(Path dir, int lines) throws IOException {
        SplittableRandom random = new SplittableRandom(28);
        try (Writer w = Files.newBufferedWriter(dir.resolve("metrics.jsonl"), StandardCharsets.UTF_8)) {
            double seconds = 0;
            for (int i = 0, step = 0; i < lines; i++) {
                if (i % 101 == 100) {
                    w.write(String.format(
                            Locale.ROOT,
                            "{\"type\":\"epoch\",\"epoch\":%d,\"step\":%d,\"examples\":10000,\"loss\":%s,"
                                    + "\"accuracy\":%s}%n",
                            i / 101 + 1,
                            step,
                            0.1 + 2.0 / (1 + step / 500.0),
                            Math.min(0.99, 0.5 + step / 200_000.0)));
                    continue;
                }
                double stepMs = 10 + random.nextDouble() * 5;
                seconds += stepMs / 1000;
                double loss = step % 9973 == 9972
                        ? Double.NaN
                        : (2.3 / (1 + step / 1000.0)) * (0.8 + random.nextDouble() * 0.4);
                w.write(String.format(
                        Locale.ROOT,
                        "{\"type\":\"step\",\"step\":%d,\"epoch\":%d,\"loss\":%s,\"lr\":%s,\"examples\":256,"
                                + "\"grad_norm\":%s,\"samples_per_s\":%s,\"compute_ms\":%s,\"aggregate_ms\":%s,"
                                + "\"optimizer_ms\":%s,\"broadcast_ms\":%s,\"step_ms\":%s,\"train_seconds\":%s}%n",
                        step,
                        i / 101 + 1,
                        Double.isNaN(loss) ? "\"NaN\"" : Double.toString(loss),
                        0.001 * Math.pow(0.5, step / 20_000.0),
                        0.5 + random.nextDouble() * 2,
                        256 / stepMs * 1000,
                        stepMs * 0.6,
                        stepMs * 0.25,
                        0.3 + random.nextDouble() * 0.1,
                        stepMs * 0.1,
                        stepMs,
                        Math.round(seconds * 1e6) / 1e6));
                step++;
            }
        }
        Files.writeString(dir.resolve("run-info.json"), """
                {"spark_version": "4.2.0", "master": "local[2]", "blas": "bench", "partitions": 2}
                """);
        Files.writeString(dir.resolve("config.resolved.json"), Files.readString(Path.of("conf/digits-mlp.json")));
        StringBuilder cm = new StringBuilder("[");
        StringBuilder perClass = new StringBuilder("[");
        for (int t = 0; t < 10; t++) {
            cm.append(t == 0 ? "" : ",").append('[');
            for (int p = 0; p < 10; p++) {
                cm.append(p == 0 ? "" : ",").append(t == p ? 950 + t : random.nextInt(6));
            }
            cm.append(']');
            perClass.append(t == 0 ? "" : ",")
                    .append("{\"class\":\"")
                    .append(t)
                    .append("\",\"precision\":0.97,\"recall\":0.96,\"f1\":0.965}");
        }
        Files.writeString(
                dir.resolve("evaluation.json"),
                "{\"examples\":10000,\"loss\":0.1,\"accuracy\":0.97,\"labels\":null,\"confusion_matrix\":" + cm
                        + "],\"per_class\":" + perClass + "]}");
        return Files.size(dir.resolve("metrics.jsonl"));
    }
}
