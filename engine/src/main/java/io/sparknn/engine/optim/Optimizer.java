package io.sparknn.engine.optim;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.Parallel;

/**
 * Updates a flat parameter vector from the mean gradient (the driver has already divided the
 * gradient sum by the example count and clipped it). Each implementation follows PyTorch's
 * documented rule, written in its Javadoc; weight decay is part of the rule as in PyTorch.
 */
public interface Optimizer {

    /** One update with learning rate {@code lr}; {@code grads} is not modified. */
    void step(Storage params, Storage grads, double lr);

    /**
     * {@link #step(Storage, Storage, double)} with its element-wise passes cut across
     * {@code threads}, where the rule updates each parameter alone (the same bits on any number
     * of threads); by default the update runs on the caller's thread.
     */
    default void step(Storage params, Storage grads, double lr, Parallel threads) {
        step(params, grads, lr);
    }

    /** A copy of the state (step count and per-parameter buffers) for checkpoints. */
    OptimizerState state();

    /** Restores a state from {@link #state()}; the buffers must match in number and length. */
    void restore(OptimizerState state);
}
