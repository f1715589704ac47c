package io.sparknn.engine.train;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.Parallel;

/** Computes a step's gradient sum over the global batch: on Spark partitions, or in this process. */
public interface GradientSource extends AutoCloseable {

    /** Shard gradient sums of the step's batch with these weights, added in a fixed order. */
    default StepTotals compute(StepPlan plan, Storage params, Storage buffers) {
        return compute(plan, params, buffers, ShardWork.GRADIENT);
    }

    /**
     * What {@code work} asks of every shard of the step's batch with these weights (its gradient
     * sums, a {@link ShardFunction}, or both, in one pass), added in partition order. A step may be
     * computed again at other weights (a line search), except in stateful training, whose steps
     * advance the streams.
     */
    StepTotals compute(StepPlan plan, Storage params, Storage buffers, ShardWork work);

    /** Examples in the training set. */
    long examples();

    /**
     * Flat parameter ranges, {@code [from, to)} pairs in ascending order, whose gradient the loop
     * clips by its own norm, apart from the model's (a synthesiser's: its regression must not change
     * how far the model's gradient is clipped); none by default.
     */
    default int[] clippedApart() {
        return new int[0];
    }

    /** Time spent broadcasting weights during the last {@link #compute}, in nanoseconds. */
    default long lastBroadcastNanos() {
        return 0;
    }

    /**
     * The threads the loop in this process may cut its element-wise passes across (the mean
     * gradient's scaling, the optimizer's update, the non-finite check; see {@link Parallel}):
     * the in-process sources' thread budget; one thread by default.
     */
    default Parallel parallel() {
        return Parallel.SERIAL;
    }

    @Override
    default void close() {}
}
