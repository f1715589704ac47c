package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.trainer.JobConfigs;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.data.EmbeddedData;
import io.sparknn.trainer.data.ParsedExamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train_accuracy} in the step lines of whole runs (issue 28): the share of each logged step's
 * batch predicted right in its training pass, per token for texts (the same on Spark as in-process,
 * stateful or sliding), per value for binary cross-entropy, absent for a regression; and the run's
 * report draws it, one point per step line. (Tables train on Spark only: their count against the
 * in-process source is {@code io.sparknn.trainer.spark.TrainCountDistributedTest}.)
 */
class TrainAccuracyLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STEPS = 6;

    @TempDir
    Path tmp;

    static List<JsonNode> stepLines(Path run) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode n = JSON.readTree(l);
            if (n.has("type") && n.get("type").asText().equals("step")) {
                out.add(n);
            }
        }
        return out;
    }

    private static List<Double> trainAccuracy(List<JsonNode> steps) {
        return steps.stream().map(n -> n.get("train_accuracy").asDouble()).toList();
    }

    /**
     * Every step line holds a share of its batch's {@code decisions} (examples × decisions per
     * example): a count of right predictions over them, not a mean over something else.
     */
    private static void assertShares(List<JsonNode> steps, int decisionsPerExample) {
        assertEquals(STEPS, steps.size(), "log_every 1: a line per step");
        for (JsonNode n : steps) {
            assertTrue(n.has("train_accuracy"), "no train_accuracy: " + n);
            double a = n.get("train_accuracy").asDouble();
            long decisions = n.get("examples").asLong() * decisionsPerExample;
            double right = a * decisions;
            assertTrue(a >= 0 && a <= 1, n.toString());
            assertEquals(Math.rint(right), right, 1e-9, "a count of right predictions out of " + decisions + ": " + n);
        }
    }

    /** The number of points drawn in the report's chart {@code chart} for the curve {@code series}. */
    static int points(Path run, String chart, String series) throws Exception {
        String html = Files.readString(run.resolve("report.html"));
        int from = html.indexOf("id=\"chart-" + chart + "\"");
        assertTrue(from >= 0, "no chart " + chart);
        int to = html.indexOf("</figure>", from);
        Matcher m = Pattern.compile("data-series=\"" + Pattern.quote(series) + "\" d=\"([^\"]*)\"")
                .matcher(html.substring(from, to));
        assertTrue(m.find(), "no curve " + series + " in " + chart);
        return (int) m.group(1).chars().filter(c -> c == 'M' || c == 'L').count();
    }

    private static String training() {
        return "{\"batch_size\": 50, \"epochs\": 1, \"seed\": 4, \"partitions\": 2, \"threads_per_task\": 1,"
                + " \"max_steps\": " + STEPS + ", \"log_every\": 1}";
    }

    @Test
    void aClassificationRunLogsTheShareOfEachBatchAndItsReportDrawsIt() throws Exception {
        Path run = tmp.resolve("digits");
        new TrainingRun(
                        Compute.spark(SparkTestContext.get()),
                        JobConfigs.digits(run, JobConfigs.MLP, "{\"type\": \"adam\", \"lr\": 0.01}", training(), ""),
                        false)
                .run();
        List<JsonNode> steps = stepLines(run);
        assertShares(steps, 1);
        assertTrue(
                trainAccuracy(steps).stream().distinct().count() > 1,
                "the share moves from step to step: " + trainAccuracy(steps));
        assertEquals(STEPS, points(run, "accuracy-step", "digits train"));
        assertEquals(STEPS, points(run, "accuracy-time", "digits train"));
    }

    /** The digits as a CSV with a float target per row: the digit itself, or 1 for 5 to 9 and 0 otherwise. */
    private Path digitsCsv(boolean binary) throws Exception {
        ParsedExamples d = EmbeddedData.digits();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < d.n; i++) {
            for (int j = 0; j < d.width; j++) {
                b.append((int) d.features[i * d.width + j]).append(',');
            }
            b.append(binary ? (d.labels[i] >= 5 ? 1 : 0) : d.labels[i]).append('\n');
        }
        Path f = tmp.resolve(binary ? "binary.csv" : "regression.csv");
        Files.writeString(f, b);
        return f;
    }

    private JobConfig floatTargets(Path out, String loss, int outputs, boolean binary) throws Exception {
        String json = """
                {
                  "data": {"format": "csv", "train": "%s", "labels": "float", "validation_fraction": 0.2,
                           "scaling": "divide", "divisor": 16},
                  "network": {"input": [64], "layers": [{"type": "dense", "units": 16}, {"type": "relu"},
                              {"type": "dense", "units": %d}], "loss": "%s"},
                  "optimizer": {"type": "adam", "lr": 0.01},
                  "training": %s,
                  "output": {"dir": "%s"}
                }
                """.formatted(digitsCsv(binary), outputs, loss, training(), out);
        return ConfigReader.parse(out + ".json", json);
    }

    @Test
    void binaryCrossEntropyLogsItsDecisionsAndARegressionNoKeyAndNoAccuracyChart() throws Exception {
        Path bce = tmp.resolve("bce");
        Path mse = tmp.resolve("mse");
        Compute compute = Compute.spark(SparkTestContext.get());
        new TrainingRun(compute, floatTargets(bce, "bce_with_logits", 1, true), false).run();
        new TrainingRun(compute, floatTargets(mse, "mse", 1, false), false).run();
        assertShares(stepLines(bce), 1);
        assertEquals(STEPS, points(bce, "accuracy-step", "bce train"));
        List<JsonNode> regression = stepLines(mse);
        assertEquals(STEPS, regression.size());
        for (JsonNode n : regression) {
            assertFalse(n.has("train_accuracy"), "a regression has no accuracy: " + n);
        }
        assertFalse(Files.readString(mse.resolve("report.html")).contains("id=\"chart-accuracy"));
    }

    private JobConfig text(Path text, String mode, Path out) {
        return ConfigReader.parse(
                "test.json", """
                {"data": {"format": "text", "train": "%s", "window": 10, %s"mode": "%s",
                          "validation_fraction": 0.1},
                 "network": {"precision": "float64", "layers": [{"type": "embedding", "dim": 4},
                             {"type": "lstm", "hidden": 6, "sequences": true}, {"type": "dense"}]},
                 "optimizer": {"type": "adam", "lr": 0.01},
                 "training": {"batch_size": 5, "epochs": 1, "seed": 1, "clip_norm": 1.0, "partitions": 2,
                              "threads_per_task": 1, "max_steps": %d, "log_every": 1},
                 "output": {"dir": "%s", "mode": "auto"}}
                """.formatted(text, mode.equals("sliding") ? "\"stride\": 7, " : "", mode, STEPS, out));
    }

    @Test
    void aTextRunLogsItsTokenAccuracyTheSameOnSparkAsInProcessStatefulOrSliding() throws Exception {
        Path text = TextRunTest.text(tmp);
        for (String mode : List.of("stateful", "sliding")) {
            Path local = tmp.resolve(mode + "-local");
            Path spark = tmp.resolve(mode + "-spark");
            TextRunTest.run(TextRunTest.inProcess(), text(text, mode, local));
            TextRunTest.run(Compute.spark(SparkTestContext.get()), text(text, mode, spark));
            List<JsonNode> steps = stepLines(local);
            assertShares(steps, 10); // a decision per character of the window
            assertEquals(trainAccuracy(steps), trainAccuracy(stepLines(spark)), mode);
            assertEquals(STEPS, points(local, "accuracy-step", mode + "-local train"), mode);
        }
    }
}
