package io.sparknn.engine.train;

import io.sparknn.engine.LossResult;

/**
 * What one step did, for metrics and the progress line. Times are wall-clock on the driver:
 * compute is the slowest shard's forward+backward, aggregate the rest of the Spark job (scheduling,
 * task launch, result transfer, the ordered sum), optimizer the driver's update, broadcast the
 * weights' broadcast and its destruction.
 *
 * @param correct    right predictions of the step's batch in its training forward pass (dropout
 *                   on), out of {@code decisions}; {@link LossResult#NO_ACCURACY}
 *                   for a loss without accuracy
 * @param decisions  what {@code correct} is out of: the loss count (rows or tokens for class labels,
 *                   values for binary cross-entropy)
 */
public record StepReport(
        long globalStep,
        int epoch,
        int stepInEpoch,
        int stepsPerEpoch,
        double loss,
        double lr,
        long examples,
        double gradientNorm,
        long computeNanos,
        long aggregateNanos,
        long optimizerNanos,
        long broadcastNanos,
        long stepNanos,
        long correct,
        long decisions) {

    /** True when the loss has an accuracy (class labels, binary cross-entropy). */
    public boolean hasAccuracy() {
        return correct != LossResult.NO_ACCURACY;
    }

    /** The share of right predictions of the step's batch; NaN without {@link #hasAccuracy()}. */
    public double accuracy() {
        return hasAccuracy() ? (double) correct / decisions : Double.NaN;
    }

    public double samplesPerSecond() {
        return examples / (stepNanos / 1e9);
    }
}
