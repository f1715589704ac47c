package io.sparknn.engine.train;

/**
 * What one step did, for metrics and the progress line. Times are wall-clock on the driver:
 * compute is the slowest shard's forward+backward, aggregate the rest of the Spark job (scheduling,
 * task launch, result transfer, the ordered sum), optimizer the driver's update, broadcast the
 * weights' broadcast and its destruction.
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
        long stepNanos) {

    public double samplesPerSecond() {
        return examples / (stepNanos / 1e9);
    }
}
