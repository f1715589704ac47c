package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train, evaluate and predict jobs end to end on the built-in digits, in-process on local[2]. */
class TrainJobTest {
    @TempDir
    Path tmp;

    @Test
    void trainsDigitsToAtLeast95PercentAndWritesAFinishedRun() throws Exception {
        Path out = tmp.resolve("run");
        Path cfg = JobTestSupport.write(
                tmp,
                "digits.json",
                JobTestSupport.digitsConfig(
                        out, "{\"batch_size\": 64, \"epochs\": 15, \"seed\": 3, \"partitions\": 3}", ""));
        JobTestSupport.Result r = JobTestSupport.run(Train::run, cfg.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of(
                "_SUCCESS", "model.bin", "metrics.jsonl", "config.resolved.json", "run-info.json", "evaluation.json")) {
            assertTrue(Files.exists(out.resolve(f)), f + " missing");
        }
        JsonNode eval =
                new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        assertTrue(eval.get("accuracy").asDouble() >= 0.95, "accuracy " + eval.get("accuracy"));
        assertEquals(359, eval.get("examples").asLong(), "20% of 1,797 held out");
        Model m = ModelFile.load(out.resolve("model.bin"));
        assertEquals(64 * 32 + 32 + 32 * 10 + 10, m.parameters().length);
        assertEquals(1 / 16.0, m.preprocessing().scale()[0], 0);

        JsonNode info = new ObjectMapper().readTree(out.resolve("run-info.json").toFile());
        assertEquals(3, info.get("partitions").asInt());
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        long epochs =
                lines.stream().filter(l -> l.contains("\"type\":\"epoch\"")).count();
        assertEquals(15, epochs);
    }

    @Test
    void evaluateAndPredictUseTheModelsPreprocessing() throws Exception {
        Path out = tmp.resolve("run");
        Path cfg = JobTestSupport.write(
                tmp,
                "c.json",
                JobTestSupport.digitsConfig(out, "{\"batch_size\": 64, \"epochs\": 8, \"seed\": 5}", ""));
        assertEquals(0, JobTestSupport.run(Train::run, cfg.toString()).code());

        // evaluate on the whole built-in set (raw 0..16 pixels: the model's scaling must be applied)
        Path evalDir = tmp.resolve("eval");
        JobTestSupport.Result e =
                JobTestSupport.run(Evaluate::run, cfg.toString(), "--data", "digits", "--out", evalDir.toString());
        assertEquals(0, e.code(), e.err());
        JsonNode eval =
                new ObjectMapper().readTree(evalDir.resolve("evaluation.json").toFile());
        assertEquals(1797, eval.get("examples").asLong());
        assertTrue(eval.get("accuracy").asDouble() > 0.95, eval.toString());
        assertEquals(10, eval.get("confusion_matrix").size());
        assertEquals(10, eval.get("per_class").size());

        // no data.test and no --data: exactly the examples the run held out, so the run's own final figures
        Path heldDir = tmp.resolve("eval-held-out");
        JobTestSupport.Result h = JobTestSupport.run(Evaluate::run, cfg.toString(), "--out", heldDir.toString());
        assertEquals(0, h.code(), h.err());
        JsonNode held =
                new ObjectMapper().readTree(heldDir.resolve("evaluation.json").toFile());
        JsonNode own =
                new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        assertEquals(359, held.get("examples").asLong(), "20% of 1,797 held out");
        assertEquals(own.get("examples").asLong(), held.get("examples").asLong());
        assertEquals(own.get("accuracy").asDouble(), held.get("accuracy").asDouble(), 0.0);
        assertEquals(own.get("confusion_matrix"), held.get("confusion_matrix"));

        Path predictions = tmp.resolve("predictions");
        List<String> lines = predictions(cfg, "digits", predictions);
        assertEquals(1797, lines.size(), "one line per input row");
        int right = 0;
        int[] truth = io.sparknn.trainer.data.EmbeddedData.digits().labels;
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            assertEquals(11, f.length, lines.get(i));
            double sum = 0;
            for (int j = 1; j < f.length; j++) {
                sum += Double.parseDouble(f[j]);
            }
            assertEquals(1.0, sum, 1e-4, "probabilities of row " + i);
            right += Integer.parseInt(f[0]) == truth[i] ? 1 : 0;
        }
        assertEquals(
                eval.get("accuracy").asDouble(),
                right / 1797.0,
                1e-12,
                "predict agrees with evaluate, row by row in order");

        JobTestSupport.Result again = JobTestSupport.run(
                Predict::run, cfg.toString(), "--input", "digits", "--output", predictions.toString());
        assertEquals(ExitCode.OUTPUT_REFUSED.code(), again.code(), again.err());

        // a file given to a model of the built-in digits is read in the built-in layout (CSV, label last or absent)
        var digits = io.sparknn.trainer.data.EmbeddedData.digits();
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 64; j++) {
                rows.append(j > 0 ? "," : "").append((int) digits.features[i * 64 + j]);
            }
            rows.append('\n');
        }
        Path five = JobTestSupport.write(tmp, "five.csv", rows.toString());
        List<String> predicted = predictions(cfg, five.toString(), tmp.resolve("five-predictions"));
        // the same class; probabilities to float32 rounding (BLAS rounds a 5-row product differently from a long one)
        assertEquals(5, predicted.size());
        for (int i = 0; i < 5; i++) {
            String[] want = lines.get(i).split(",");
            String[] got = predicted.get(i).split(",");
            assertEquals(want[0], got[0], "row " + i);
            for (int j = 1; j < want.length; j++) {
                assertEquals(
                        Double.parseDouble(want[j]),
                        Double.parseDouble(got[j]),
                        1e-6,
                        "row " + i + " class " + (j - 1));
            }
        }
    }

    @Test
    void predictReadsRawCsvRowsWithOrWithoutTheLabelColumn() throws Exception {
        var digits = io.sparknn.trainer.data.EmbeddedData.digits();
        StringBuilder labelled = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            StringBuilder row = new StringBuilder();
            for (int j = 0; j < 64; j++) {
                row.append(j > 0 ? "," : "").append((int) digits.features[i * 64 + j]);
            }
            labelled.append(row).append(',').append(digits.labels[i]).append('\n');
            raw.append(row).append('\n');
        }
        Path train = JobTestSupport.write(tmp, "train.csv", labelled.toString());
        Path unlabelled = JobTestSupport.write(tmp, "raw.csv", raw.toString());
        Path out = tmp.resolve("csvrun");
        Path cfg = JobTestSupport.write(
                tmp,
                "csv.json",
                JobTestSupport.digitsConfig(out, "{\"batch_size\": 50, \"epochs\": 2}", "")
                        .replace(
                                "\"format\": \"builtin\", \"train\": \"digits\"",
                                "\"format\": \"csv\", \"train\": \"" + train + "\""));
        assertEquals(0, JobTestSupport.run(Train::run, cfg.toString()).code());
        List<String> withLabels = predictions(cfg, train.toString(), tmp.resolve("p1"));
        List<String> withoutLabels = predictions(cfg, unlabelled.toString(), tmp.resolve("p2"));
        assertEquals(300, withoutLabels.size());
        assertEquals(withLabels, withoutLabels, "the label column, when present, is ignored");
        // a directory of files is read a task per file, and the predictions keep the files' order
        String[] rows = raw.toString().split("\n", -1);
        JobTestSupport.write(tmp, "rawdir/a.csv", String.join("\n", java.util.Arrays.copyOfRange(rows, 0, 7)) + "\n");
        JobTestSupport.write(tmp, "rawdir/b.csv", String.join("\n", java.util.Arrays.copyOfRange(rows, 7, 250)) + "\n");
        Path c = JobTestSupport.write(
                tmp, "rawdir/c.csv", String.join("\n", java.util.Arrays.copyOfRange(rows, 250, 300)) + "\n");
        List<String> fromFiles = predictions(cfg, c.getParent().toString(), tmp.resolve("p3"));
        assertEquals(withoutLabels.size(), fromFiles.size());
        for (int i = 0; i < fromFiles.size(); i++) {
            // other blocks are other matrix shapes for the BLAS: the same to rounding (6 digits are printed)
            String[] want = withoutLabels.get(i).split(",");
            String[] got = fromFiles.get(i).split(",");
            assertEquals(want[0], got[0], "row " + i);
            for (int j = 1; j < want.length; j++) {
                assertEquals(
                        Double.parseDouble(want[j]),
                        Double.parseDouble(got[j]),
                        2e-6,
                        "row " + i + " class " + (j - 1));
            }
        }
        try (var parts = Files.list(tmp.resolve("p3"))) {
            assertTrue(
                    parts.filter(f -> f.getFileName().toString().startsWith("part-"))
                                    .count()
                            >= 3,
                    "at least one block per input file");
        }
    }

    /** Runs predict and returns its lines, part files in order. */
    static List<String> predictions(Path cfg, String input, Path output) throws Exception {
        JobTestSupport.Result r =
                JobTestSupport.run(Predict::run, cfg.toString(), "--input", input, "--output", output.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = new java.util.ArrayList<>();
        try (var files = Files.list(output)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }

    @Test
    void aFinishedRunIsRefusedAndLeftUntouched() {
        Path out = tmp.resolve("run");
        Path cfg = JobTestSupport.write(
                tmp, "c.json", JobTestSupport.digitsConfig(out, "{\"batch_size\": 128, \"epochs\": 1}", ""));
        assertEquals(0, JobTestSupport.run(Train::run, cfg.toString()).code());
        Map<String, String> before = JobTestSupport.hashes(out);
        JobTestSupport.Result again = JobTestSupport.run(Train::run, cfg.toString());
        assertEquals(ExitCode.OUTPUT_REFUSED.code(), again.code(), again.err());
        assertTrue(again.err().contains(out.toString()) && again.err().contains("finished run"), again.err());
        assertEquals(before, JobTestSupport.hashes(out));
    }
}
