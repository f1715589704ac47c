package io.sparknn.engine.train;

import io.sparknn.engine.Storage;

/** Computes a step's gradient sum over the global batch: on Spark partitions, or in this process. */
public interface GradientSource extends AutoCloseable {

    /** Shard sums of the step's batch with these weights, added in a fixed order. */
    StepTotals compute(StepPlan plan, Storage params, Storage buffers);

    /** Examples in the training set. */
    long examples();

    /** Time spent broadcasting weights during the last {@link #compute}, in nanoseconds. */
    default long lastBroadcastNanos() {
        return 0;
    }

    @Override
    default void close() {
    }
}
