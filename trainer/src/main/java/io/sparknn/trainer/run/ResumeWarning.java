package io.sparknn.trainer.run;

import io.sparknn.trainer.checkpoint.Checkpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The warning a resume gives, for every task, when something the bits
 * depend on differs from what the checkpoint was written with: the BLAS implementation,
 * OPENBLAS_NUM_THREADS, or the engine threads per task. The engine threads count because a task
 * cuts its shard into one contiguous chunk per thread and adds the chunks' gradients: another
 * count adds in another grouping.
 */
final class ResumeWarning {
    private ResumeWarning() {}

    /**
     * Each difference named with the value now and the checkpoint's; null when nothing differs.
     *
     * @param threadsSetting the setting the thread count comes from, named so the user can restore it
     */
    static String of(Checkpoint c, String blas, String openBlasThreads, int threadsPerTask, String threadsSetting) {
        List<String> differences = new ArrayList<>();
        if (!c.blas().equals(blas)) {
            differences.add("BLAS " + blas + " (checkpoint: " + c.blas() + ")");
        }
        if (!c.openBlasThreads().equals(openBlasThreads)) {
            differences.add("OPENBLAS_NUM_THREADS=" + openBlasThreads + " (checkpoint: " + c.openBlasThreads() + ")");
        }
        if (c.threadsPerTask() != threadsPerTask) {
            differences.add(threadsPerTask + " engine thread(s) per task (checkpoint: " + c.threadsPerTask() + "; "
                    + threadsSetting + ")");
        }
        return differences.isEmpty()
                ? null
                : "resuming with " + String.join(", ", differences)
                        + ": results will match an uninterrupted run only to rounding, not bit for bit";
    }
}
