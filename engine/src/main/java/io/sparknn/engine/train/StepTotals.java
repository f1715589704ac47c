package io.sparknn.engine.train;

import io.sparknn.engine.Storage;

/**
 * A step's combined shard results.
 *
 * @param gradientSum      Σ of the per-example gradients over the global batch
 * @param correct          right predictions of the step's forward passes, out of {@code lossCount};
 *                         {@link io.sparknn.engine.LossResult#NO_ACCURACY} for a loss without accuracy
 * @param buffers          count-weighted mean of the shards' batch-norm buffers (empty without)
 * @param computeNanosMax  the slowest shard's forward+backward time
 * @param functionSum      Σ of the step's {@link ShardFunction} over the shards, in partition order; null without one
 */
public record StepTotals(
        Storage gradientSum,
        double lossSum,
        long lossCount,
        long correct,
        long examples,
        double[] buffers,
        long computeNanosMax,
        long computeNanosTotal,
        double[] functionSum) {

    /** These totals as one shard's result (a group of partitions added on an executor). */
    public ShardResult asShardResult(int partition, io.sparknn.engine.Precision precision) {
        ShardResult r = ShardResult.empty(partition);
        r.examples = (int) examples;
        r.lossSum = lossSum;
        r.lossCount = lossCount;
        r.correct = correct;
        r.computeNanos = computeNanosMax;
        if (examples > 0) {
            if (gradientSum instanceof io.sparknn.engine.FloatStorage f) {
                r.gradFloat = f.data;
            } else {
                r.gradDouble = ((io.sparknn.engine.DoubleStorage) gradientSum).data;
            }
            r.buffers = buffers.length > 0 ? buffers : null;
        }
        r.function = functionSum;
        return r;
    }
}
