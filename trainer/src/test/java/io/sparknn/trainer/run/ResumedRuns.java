package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.optim.OptimizerState;
import io.sparknn.trainer.SimulatedCrash;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.checkpoint.CheckpointStore;
import io.sparknn.trainer.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** An optimizer's run-level resume check: a run crashed after a step and restarted, beside the same run whole. */
final class ResumedRuns {
    private ResumedRuns() {}

    /** Trains {@code config} into {@code whole} uninterrupted, and into {@code parts} until a crash after {@code step}. */
    static void wholeAndCrashed(Function<Path, JobConfig> config, Path whole, Path parts, int step) throws Exception {
        run(config.apply(whole));
        assertThrows(
                SimulatedCrash.class,
                () -> new TrainingRun(Compute.spark(SparkTestContext.get()), config.apply(parts), false)
                        .observedBy(SimulatedCrash.afterStep(step))
                        .run());
    }

    static void run(JobConfig config) throws Exception {
        new TrainingRun(Compute.spark(SparkTestContext.get()), config, false).run();
    }

    /** The two runs' model files byte for byte, and every step logged once with the same loss. */
    static void assertSameModelAndSteps(Path whole, Path parts) throws Exception {
        assertArrayEquals(
                Files.readAllBytes(whole.resolve("model.bin")),
                Files.readAllBytes(parts.resolve("model.bin")),
                "model.bin byte for byte");
        assertEquals(
                ResumeTest.stepLines(whole), ResumeTest.stepLines(parts), "every step logged once, with the same loss");
    }

    /** The optimizer state of the run's latest checkpoint. */
    static OptimizerState checkpointed(Path run) throws Exception {
        Checkpoint c = new CheckpointStore(
                        FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(run.toString()), 2)
                .latest();
        return c.model().optimizerState();
    }
}
