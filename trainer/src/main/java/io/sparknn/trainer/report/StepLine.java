package io.sparknn.trainer.report;

/**
 * One {@code "type": "step"} line of {@code metrics.jsonl}. A value the line does not carry is NaN
 * ({@code train_seconds} before it was logged; a NaN or infinite loss written as text;
 * {@code train_accuracy} of a regression, or of a run logged before it was).
 *
 * @param step           the optimizer step, from 0
 * @param trainSeconds   training time up to the end of this step: the step times summed over every step
 * @param trainAccuracy  the share of this step's batch predicted right in its training pass (per
 *                       token for texts, per value for binary cross-entropy)
 * @param bytes          what the step moved on Spark ({@code spark_…} keys), or {@link Traffic#NONE}
 */
public record StepLine(
        long step,
        int epoch,
        double loss,
        double lr,
        double gradNorm,
        double samplesPerSecond,
        double computeMs,
        double aggregateMs,
        double optimizerMs,
        double broadcastMs,
        double stepMs,
        double trainSeconds,
        double trainAccuracy,
        Traffic bytes) {

    /**
     * Bytes a step moved, as Spark counted them: task results into the driver, broadcast pieces the
     * executors stored, shuffle written and read; NaN where the line does not say (a run in process,
     * or logged before they were recorded).
     */
    public record Traffic(double driverIn, double broadcast, double shuffleWrite, double shuffleRead) {
        public static final Traffic NONE = new Traffic(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
}
