package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.train.DivergedException;
import io.sparknn.engine.train.TrainingException;
import io.sparknn.trainer.JobConfigs;
import io.sparknn.trainer.SimulatedCrash;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.checkpoint.CheckpointStore;
import io.sparknn.trainer.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact resume: a run stopped mid-epoch and resumed from its files alone, in a new SparkContext,
 * ends with the same weights bit for bit as an uninterrupted run, and its metrics have every step
 * once.
 */
public class ResumeTest {
    public static final String ADAM = "{\"type\": \"adam\", \"lr\": 0.01}";

    @TempDir
    Path tmp;

    static String training(long maxSteps) {
        return "{\"batch_size\": 100, \"epochs\": 3, \"seed\": 11, \"partitions\": 3, \"log_every\": 1, \"clip_norm\": 1.0,"
                + " \"max_steps\": " + maxSteps + "}";
    }

    @Test
    void resumingMidEpochInANewContextEqualsAnUninterruptedRunBitForBit() throws Exception {
        Path whole = tmp.resolve("whole");
        new TrainingRun(
                        Compute.spark(SparkTestContext.get()),
                        JobConfigs.digits(whole, JobConfigs.MLP, ADAM, training(0), ""),
                        false)
                .run();

        Path parts = tmp.resolve("parts");
        JobConfig first = JobConfigs.digits(parts, JobConfigs.MLP, ADAM, training(20), ", \"checkpoint_every\": 7");
        new TrainingRun(Compute.spark(SparkTestContext.get()), first, false).run();
        assertEquals(
                List.of("step-0000000020", "step-0000000015"),
                new CheckpointStore(
                                FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
                                new org.apache.hadoop.fs.Path(parts.toString()),
                                2)
                        .list(),
                "15 steps per epoch: the epoch-end checkpoint, then step 20, mid-epoch 2");

        JobConfig resume = JobConfigs.digits(
                parts, JobConfigs.MLP, ADAM, training(0), ", \"checkpoint_every\": 7, \"mode\": \"resume\"");
        TrainingException refused = assertThrows(
                TrainingException.class,
                () -> new TrainingRun(Compute.spark(SparkTestContext.get()), resume, false).run());
        assertTrue(refused.getMessage().contains("training.max_steps"), refused.getMessage());

        SparkTestContext.restart();
        new TrainingRun(Compute.spark(SparkTestContext.get()), resume, true).run();

        double[] expected = ModelFile.load(whole.resolve("model.bin")).parameters();
        double[] actual = ModelFile.load(parts.resolve("model.bin")).parameters();
        assertArrayEquals(expected, actual, 0.0);
        assertEquals(stepLines(whole), stepLines(parts), "every step logged once, in order");
        assertTrue(Files.exists(parts.resolve("_SUCCESS")));
    }

    @Test
    void scoresEveryNStepsInsideAnEpochAndResumesToTheSameLines() throws Exception {
        String training = "{\"batch_size\": 100, \"epochs\": 2, \"seed\": 11, \"partitions\": 3, \"log_every\": 5, "
                + "\"evaluate_every\": 4}";
        Path whole = tmp.resolve("every-whole");
        new TrainingRun(
                        Compute.spark(SparkTestContext.get()),
                        JobConfigs.digits(whole, JobConfigs.MLP, ADAM, training, ""),
                        false)
                .run();
        Path parts = tmp.resolve("every-parts");
        assertThrows(
                SimulatedCrash.class,
                () -> new TrainingRun(
                                Compute.spark(SparkTestContext.get()),
                                JobConfigs.digits(parts, JobConfigs.MLP, ADAM, training, ", \"checkpoint_every\": 6"),
                                false)
                        .observedBy(SimulatedCrash.afterStep(10))
                        .run());
        new TrainingRun(
                        Compute.spark(SparkTestContext.get()),
                        JobConfigs.digits(
                                parts,
                                JobConfigs.MLP,
                                ADAM,
                                training,
                                ", \"checkpoint_every\": 6, \"mode\": \"resume\""),
                        false)
                .run();
        List<String> scores = scoreLines(whole);
        // 15 steps an epoch: inside the epochs at 4, 8, 12, 16, 20, 24, 28; at their ends 15 and 30
        assertEquals(
                List.of(
                        "evaluation 4",
                        "evaluation 8",
                        "evaluation 12",
                        "epoch 15",
                        "evaluation 16",
                        "evaluation 20",
                        "evaluation 24",
                        "evaluation 28",
                        "epoch 30"),
                scores.stream()
                        .map(l -> l.replaceAll(".*\"type\":\"(\\w+)\".*\"step\":(\\d+).*", "$1 $2"))
                        .toList());
        assertEquals(scores, scoreLines(parts), "the resumed run scores the same steps to the same values");
        assertArrayEquals(
                ModelFile.load(whole.resolve("model.bin")).parameters(),
                ModelFile.load(parts.resolve("model.bin")).parameters(),
                0.0);
    }

    private static List<String> scoreLines(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .filter(l -> !l.contains("\"type\":\"step\""))
                .toList();
    }

    @Test
    void aCheckpointsSizeDoesNotGrowWithTheNumberOfLoggedSteps() throws Exception {
        Path out = tmp.resolve("size");
        new TrainingRun(
                        Compute.spark(SparkTestContext.get()),
                        JobConfigs.digits(
                                out,
                                JobConfigs.MLP,
                                ADAM,
                                "{\"batch_size\": 100, \"epochs\": 2, \"seed\": 11, \"partitions\": 3, \"log_every\": 1}",
                                ", \"checkpoint_every\": 5, \"keep_checkpoints\": 10"),
                        false)
                .run();
        long early = bytes(out.resolve("checkpoints/step-0000000005"));
        long late = bytes(out.resolve("checkpoints/step-0000000025"));
        // 21 lines more were logged in between (a step line each, an epoch line); only a few digits of the state may
        // grow
        assertTrue(late - early <= 8, "checkpoint of step 5: " + early + " bytes, of step 25: " + late + " bytes");
    }

    /** The bytes of a directory's files, without the local file system's hidden checksum files. */
    private static long bytes(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            long sum = 0;
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                sum += Files.size(f);
            }
            return sum;
        }
    }

    static List<String> stepLines(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"step\""))
                .map(l -> l.replaceAll(
                        "\"(samples_per_s|compute_ms|aggregate_ms|optimizer_ms|broadcast_ms|step_ms|train_seconds|spark_"
                                + "[a-z_]*)\":[^,}]*",
                        ""))
                .collect(Collectors.toList());
    }

    @Test
    void aDivergingRunNamesTheStepAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path out = tmp.resolve("diverge");
        JobConfig cfg = JobConfigs.digits(
                out,
                JobConfigs.MLP,
                "{\"type\": \"sgd\", \"lr\": 1e30}",
                "{\"batch_size\": 100, \"epochs\": 2, \"seed\": 1}",
                ", \"checkpoint_every\": 1");
        DivergedException e = assertThrows(
                DivergedException.class,
                () -> new TrainingRun(Compute.spark(SparkTestContext.get()), cfg, false).run());
        assertTrue(e.getMessage().matches("training diverged: .* at step \\d+ .*"), e.getMessage());
        long step = Long.parseLong(e.getMessage().replaceAll(".* at step (\\d+) .*", "$1"));
        var store = new CheckpointStore(
                FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
                new org.apache.hadoop.fs.Path(out.toString()),
                2);
        var last = store.latest();
        assertTrue(last != null && last.globalStep() <= step, "a checkpoint from before the divergence is kept");
        for (double p : last.model().parameters()) {
            assertTrue(Double.isFinite(p));
        }
        assertTrue(!Files.exists(out.resolve("_SUCCESS")));
    }

    @Test
    void earlyStoppingKeepsTheBestEpochsModel() throws Exception {
        Path out = tmp.resolve("early");
        // lr 0: nothing improves after epoch 1, so patience 2 stops after epoch 3 with epoch 1's model
        JobConfig cfg = JobConfigs.digits(
                out,
                JobConfigs.MLP,
                "{\"type\": \"sgd\", \"lr\": 0}",
                "{\"batch_size\": 200, \"epochs\": 10, \"seed\": 4, \"patience\": 2}",
                "");
        new TrainingRun(Compute.spark(SparkTestContext.get()), cfg, false).run();
        List<String> epochs = Files.readAllLines(out.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"epoch\""))
                .toList();
        assertEquals(3, epochs.size(), String.join("\n", epochs));
    }
}
