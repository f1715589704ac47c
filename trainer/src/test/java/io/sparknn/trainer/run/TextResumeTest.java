package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.trainer.SimulatedCrash;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text run resumed where the metrics log ends in step lines, and from the checkpoint of an
 * epoch's last step: it continues as if it had not stopped. In process: 2,700 training characters
 * in 5 streams of windows of 10 make 53 steps an epoch.
 */
class TextResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path text() throws IOException {
        return TextRunTest.text(tmp);
    }

    private JobConfig config(Path text, String out, String training, String output) {
        return ConfigReader.parse("test.json", """
                {"data": {"format": "text", "train": "%s", "window": 10, "mode": "stateful", "validation_fraction": 0.1},
                 "network": {"precision": "float64", "layers": [{"type": "embedding", "dim": 4},
                             {"type": "lstm", "hidden": 6}, {"type": "dense"}]},
                 "optimizer": {"type": "adam", "lr": 0.01},
                 "training": {"batch_size": 5, "seed": 1, "clip_norm": 1.0, "partitions": 2, "threads_per_task": 1, %s},
                 "output": {"dir": "%s", %s}}
                """.formatted(text, training, tmp.resolve(out), output));
    }

    private static List<String> run(JobConfig c) throws IOException {
        new TrainingRun(TextRunTest.inProcess(), c, false).run();
        return TextRunTest.metrics(new Configuration(), c);
    }

    private static void crash(JobConfig c, long afterStep) {
        assertThrows(
                SimulatedCrash.class,
                () -> new TrainingRun(TextRunTest.inProcess(), c, false)
                        .observedBy(SimulatedCrash.afterStep(afterStep))
                        .run());
    }

    private static List<JsonNode> scores(List<String> lines) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines) {
            JsonNode n = JSON.readTree(l);
            if (!n.has("type")) { // a text's score; step lines have "type": "step"
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void theTrainingTimeOfTheLastScoreIsFoundBehindStepLines() {
        assertEquals(0.0, TextTask.lastTrainSeconds(List.of()));
        assertEquals(
                1.25,
                TextTask.lastTrainSeconds(List.of(
                        "{\"steps\":4,\"train_seconds\":1.25}\n",
                        "{\"type\":\"step\",\"step\":5,\"step_ms\":3.0}\n",
                        "{\"type\":\"step\",\"step\":6,\"step_ms\":2.0}\n")));
    }

    @Test
    void trainingTimeContinuesAcrossAResumeWhenStepLinesFollowTheLastScore() throws IOException {
        // lines up to the checkpoint of step 6: step 2, step 4, score 4, step 6: the log ends in a step line
        String training = "\"epochs\": 1, \"max_steps\": 8, \"log_every\": 2, \"evaluate_every\": 4";
        JobConfig c = config(text(), "run", training, "\"checkpoint_every\": 6");
        crash(c, 7);
        List<JsonNode> resumed =
                scores(run(config(text(), "run", training, "\"mode\": \"resume\", \"checkpoint_every\": 6")));
        assertEquals(
                List.of(4, 8), resumed.stream().map(n -> n.get("steps").asInt()).toList());
        double before = resumed.get(0).get("train_seconds").asDouble();
        double after = resumed.get(1).get("train_seconds").asDouble();
        assertTrue(
                before > 0 && after > before,
                "train_seconds " + before + " then " + after
                        + ": the resumed run counts from the time its kept lines record");
    }

    @Test
    void aRunResumedFromTheCheckpointOfAnEpochsLastStepContinuesAsIfUninterrupted() throws IOException {
        // 53 steps an epoch and a checkpoint every 53: the newest checkpoint at step 54 is the epoch's end
        String training = "\"epochs\": 2, \"max_steps\": 60, \"log_every\": 0";
        List<String> straight = run(config(text(), "straight", training, "\"checkpoint_every\": 53"));
        JobConfig c = config(text(), "crashed", training, "\"checkpoint_every\": 53");
        crash(c, 54);
        List<String> resumed =
                run(config(text(), "crashed", training, "\"mode\": \"resume\", \"checkpoint_every\": 53"));
        assertEquals(TextRunTest.withoutTime(straight), TextRunTest.withoutTime(resumed));
        assertEquals(2, scores(resumed).size(), resumed.toString());
        assertTrue(scores(resumed).get(0).get("train_bpc").isNumber(), "the epoch's score covers its 53 steps");
        assertArrayEquals(
                ModelFile.load(tmp.resolve("straight/model.bin")).parameters(),
                ModelFile.load(tmp.resolve("crashed/model.bin")).parameters());
    }

    @Test
    void aCheckpointWhoseOptimizerKeysThisVersionRefusesIsARefusedResume() {
        String earlier = """
                {"data": {"format": "builtin", "train": "digits"},
                 "network": {"input": [64], "layers": [{"type": "dense", "units": 10}]},
                 "optimizer": {"type": "adam", "lr": 0.01, "momentum": 0.9},
                 "training": {"epochs": 1}, "output": {"dir": "x"}}""";
        ResumeRefusedException e = assertThrows(
                ResumeRefusedException.class,
                () -> ResumeCheck.normalized(earlier, new org.apache.hadoop.fs.Path("/runs/x")));
        assertEquals(
                "refusing to resume /runs/x: its checkpoint's config cannot be read by this version (the "
                        + "checkpoint's config: key 'optimizer.momentum' does not apply to adam (it takes lr, beta1, beta2, eps, "
                        + "weight_decay, amsgrad)); finish the run with the version that started it, or start it again in a new "
                        + "output directory",
                e.getMessage());
    }
}
