package io.sparknn.trainer;

import io.sparknn.engine.Storage;

/**
 * A step's combined shard results.
 *
 * @param gradientSum      Σ of the per-example gradients over the global batch
 * @param buffers          count-weighted mean of the shards' batch-norm buffers (empty without)
 * @param computeNanosMax  the slowest shard's forward+backward time
 */
public record StepTotals(Storage gradientSum, double lossSum, long lossCount, long examples, double[] buffers,
                         long computeNanosMax, long computeNanosTotal) {
}
