package io.sparknn.engine;

import io.sparknn.engine.loss.Targets;

/**
 * A batch for one gradient computation: {@code n} examples of the network's input shape in
 * {@code x} (row-major, batch-first, the network's precision), their targets, and their global ids
 * with the seed and step that make dropout independent of how a batch is split.
 *
 * @param ids  global example ids, one per example; may be null when the network has no dropout
 */
public record Batch(Storage x, int n, Targets targets, long[] ids, long seed, long step) {

    /** A batch whose example ids are 0..n−1 at step 0 of seed 0. */
    public static Batch of(Storage x, int n, Targets targets) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return new Batch(x, n, targets, ids, 0, 0);
    }
}
