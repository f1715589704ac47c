package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.trainer.JobConfigs;
import io.sparknn.trainer.LogCapture;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.checkpoint.MetricsMark;
import io.sparknn.trainer.config.JobConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resume warns when the BLAS, OPENBLAS_NUM_THREADS or the engine threads per task differ from
 * the checkpoint's: each changes how sums are grouped, so the bits.
 */
class ResumeWarningTest {
    private static final String TRAINER_THREADS = "threads_per_task, or spark.task.cpus when it is 0";

    @TempDir
    Path tmp;

    @AfterAll
    static void backToDefaults() {
        SparkTestContext.restart();
    }

    static Checkpoint saved(String blas, String openBlasThreads, int threads) {
        return new Checkpoint(
                7,
                0,
                7,
                Double.NaN,
                0,
                -1,
                "{}",
                blas,
                threads,
                openBlasThreads,
                MetricsMark.of(0, 0),
                null,
                null,
                null);
    }

    @Test
    void nothingDiffersNoWarning() {
        assertNull(ResumeWarning.of(saved("JNIBLAS", "1", 2), "JNIBLAS", "1", 2, TRAINER_THREADS));
    }

    @Test
    void aDifferentThreadCountPerTaskIsNamedWithBothValues() {
        String w = ResumeWarning.of(saved("VectorBLAS", "unset", 1), "VectorBLAS", "unset", 4, TRAINER_THREADS);
        assertEquals(
                "resuming with 4 engine thread(s) per task (checkpoint: 1; threads_per_task, or spark.task.cpus "
                        + "when it is 0): results will match an uninterrupted run only to rounding, not bit for bit",
                w);
    }

    @Test
    void everyDifferenceIsListedNotOnlyTheFirst() {
        String w = ResumeWarning.of(saved("JNIBLAS", "1", 2), "Java11BLAS", "4", 1, TRAINER_THREADS);
        assertTrue(
                w.startsWith("resuming with BLAS Java11BLAS (checkpoint: JNIBLAS), OPENBLAS_NUM_THREADS=4 "
                        + "(checkpoint: 1), 1 engine thread(s) per task (checkpoint: 2;"),
                w);
    }

    /**
     * The config leaves threads_per_task at 0, so the count comes from spark.task.cpus: a resume
     * under a context with another spark.task.cpus changes the chunking without any config change.
     */
    @Test
    void aResumeUnderAnotherSparkTaskCpusLogsTheWarning() throws Exception {
        Path out = tmp.resolve("run");
        String training =
                "{\"batch_size\": 200, \"epochs\": 1, \"seed\": 3, \"threads_per_task\": 0, \"max_steps\": %d}";
        JobConfig first = JobConfigs.digits(out, JobConfigs.MLP, ResumeTest.ADAM, training.formatted(2), "");
        new TrainingRun(Compute.spark(SparkTestContext.get()), first, false).run();

        JobConfig resume = JobConfigs.digits(
                out, JobConfigs.MLP, ResumeTest.ADAM, training.formatted(0), ", \"mode\": \"resume\"");
        try (LogCapture log = new LogCapture(TrainingRun.class)) {
            new TrainingRun(Compute.spark(SparkTestContext.get(Map.of("spark.task.cpus", "2"))), resume, true).run();
            List<String> warnings = log.lines().stream()
                    .filter(l -> l.startsWith("WARN resuming with"))
                    .toList();
            assertEquals(1, warnings.size(), String.join("\n", log.lines()));
            assertTrue(
                    warnings.get(0).contains("resuming with 2 engine thread(s) per task (checkpoint: 1;"),
                    warnings.get(0));
        }
    }
}
