package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.trainer.JobConfigs;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.checkpoint.CheckpointStore;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.data.EmbeddedData;
import io.sparknn.trainer.data.ParsedExamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping hands over the best epoch's model, not the last one, and says which epoch that
 * was; binary cross-entropy runs report and stop on accuracy.
 */
class EarlyStoppingTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static List<JsonNode> epochLines(Path run) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode n = JSON.readTree(l);
            if (n.get("type").asText().equals("epoch")) {
                out.add(n);
            }
        }
        return out;
    }

    /** SGD at a rate high enough that the validation loss bottoms out within a few epochs, then rises. */
    static final String FAST_SGD = "{\"type\": \"sgd\", \"lr\": 1.0}";

    static String training(int epochs, int patience) {
        return "{\"batch_size\": 50, \"epochs\": " + epochs + ", \"seed\": 4, \"partitions\": 2, \"patience\": "
                + patience + ", \"metric\": \"loss\"}";
    }

    @Test
    void theWrittenModelIsTheBestEpochsAndTheMetricsSayWhichEpochThatWas() throws Exception {
        Path out = tmp.resolve("early");
        new TrainingRun(
                        Compute.spark(SparkTestContext.get()),
                        JobConfigs.digits(out, JobConfigs.MLP, FAST_SGD, training(15, 2), ""),
                        false)
                .run();
        List<JsonNode> epochs = epochLines(out);
        double[] loss =
                epochs.stream().mapToDouble(n -> n.get("loss").asDouble()).toArray();
        int best = 0;
        for (int e = 0; e < loss.length; e++) {
            best = loss[e] < loss[best] ? e : best;
            assertEquals(best + 1, epochs.get(e).get("best_epoch").asInt(), "best so far, after epoch " + (e + 1));
        }
        String seen = Arrays.toString(loss);
        assertTrue(best >= 1, "the loss improved at least once: " + seen);
        assertEquals(best + 3, epochs.size(), "stopped 2 epochs without improvement after the best: " + seen);

        JsonNode evaluation = JSON.readTree(out.resolve("evaluation.json").toFile());
        assertEquals(best + 1, evaluation.get("best_epoch").asInt());
        assertEquals(
                loss[best],
                evaluation.get("loss").asDouble(),
                0.0,
                "the final evaluation scores the best epoch's model");

        // the same run stopped after the best epoch, without early stopping, ends with the same weights
        Path straight = tmp.resolve("straight");
        new TrainingRun(
                        Compute.spark(SparkTestContext.get()),
                        JobConfigs.digits(straight, JobConfigs.MLP, FAST_SGD, training(best + 1, 0), ""),
                        false)
                .run();
        double[] written = ModelFile.load(out.resolve("model.bin")).parameters();
        assertArrayEquals(ModelFile.load(straight.resolve("model.bin")).parameters(), written, 0.0);
        double[] last = new CheckpointStore(
                        FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
                        new org.apache.hadoop.fs.Path(out.toString()),
                        2)
                .latest()
                .model()
                .parameters();
        assertFalse(Arrays.equals(last, written), "the last epoch's weights are not the ones written");
    }

    /** The digits as a CSV whose label is 1 for digits 5 to 9, 0 otherwise. */
    static Path binaryDigits(Path dir) throws Exception {
        ParsedExamples d = EmbeddedData.digits();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < d.n; i++) {
            for (int j = 0; j < d.width; j++) {
                b.append((int) d.features[i * d.width + j]).append(',');
            }
            b.append(d.labels[i] >= 5 ? 1 : 0).append('\n');
        }
        Path f = dir.resolve("digits-binary.csv");
        Files.writeString(f, b);
        return f;
    }

    @Test
    void binaryCrossEntropyRunsReportAccuracyAndThePositiveClassPerEpochAndInTheEvaluation() throws Exception {
        Path out = tmp.resolve("bce");
        String json = """
                {
                  "data": {"format": "csv", "train": "%s", "labels": "float", "validation_fraction": 0.2,
                           "scaling": "divide", "divisor": 16},
                  "network": {"input": [64], "layers": [{"type": "dense", "units": 16}, {"type": "relu"},
                              {"type": "dense", "units": 1}], "loss": "bce_with_logits"},
                  "optimizer": {"type": "adam", "lr": 0.01},
                  "training": {"batch_size": 100, "epochs": 3, "seed": 5, "patience": 5},
                  "output": {"dir": "%s"}
                }
                """.formatted(binaryDigits(tmp), out);
        JobConfig cfg = ConfigReader.parse(out + ".json", json);
        new TrainingRun(Compute.spark(SparkTestContext.get()), cfg, false).run();
        List<JsonNode> epochs = epochLines(out);
        assertEquals(3, epochs.size());
        for (JsonNode n : epochs) {
            for (String key : List.of("loss", "accuracy", "precision", "recall", "f1", "best_epoch")) {
                assertTrue(n.has(key), key + " missing: " + n);
            }
            assertFalse(n.has("mse"), "no regression metrics of logits against 0/1 targets: " + n);
        }
        // metric accuracy (the default) now scores binary runs: best_epoch follows the accuracy
        int best = 0;
        for (int e = 0; e < epochs.size(); e++) {
            best = epochs.get(e).get("accuracy").asDouble()
                            > epochs.get(best).get("accuracy").asDouble()
                    ? e
                    : best;
        }
        assertEquals(best + 1, epochs.get(2).get("best_epoch").asInt());

        JsonNode evaluation = JSON.readTree(out.resolve("evaluation.json").toFile());
        JsonNode cm = evaluation.get("confusion_matrix"); // [[TN, FP], [FN, TP]]
        long tn = cm.get(0).get(0).asLong();
        long fp = cm.get(0).get(1).asLong();
        long fn = cm.get(1).get(0).asLong();
        long tp = cm.get(1).get(1).asLong();
        assertEquals(359, tn + fp + fn + tp);
        assertEquals((double) (tn + tp) / 359, evaluation.get("accuracy").asDouble(), 1e-15);
        assertEquals((double) tp / (tp + fp), evaluation.get("precision").asDouble(), 1e-15);
        assertEquals((double) tp / (tp + fn), evaluation.get("recall").asDouble(), 1e-15);
        assertTrue(evaluation.get("accuracy").asDouble() > 0.85, evaluation.toString());
    }
}
