package io.sparknn.engine.train;

import io.sparknn.engine.Storage;
import io.sparknn.engine.optim.Optimizer;

/**
 * Everything the driver carries from step to step, and everything a checkpoint must hold for an
 * exact resume: parameters, buffers, optimizer state, and the position in the run (the next step
 * to compute). The batch order is a function of (seed, epoch, step), so no RNG state is kept.
 */
public final class TrainingState {
    public final Storage params;
    public final Storage buffers;
    public final Optimizer optimizer;
    /** The epoch of the next step, from 0. */
    public int epoch;
    /** The next step within that epoch, from 0. */
    public int stepInEpoch;
    /** Optimizer steps taken so far. */
    public long globalStep;
    /** Early stopping: the best validation score so far, and epochs since it improved. */
    public double bestScore = Double.NaN;

    public int epochsWithoutImprovement;
    public int bestEpoch = -1;

    public TrainingState(Storage params, Storage buffers, Optimizer optimizer) {
        this.params = params;
        this.buffers = buffers;
        this.optimizer = optimizer;
    }
}
