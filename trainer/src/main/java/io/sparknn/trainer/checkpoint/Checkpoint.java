package io.sparknn.trainer.checkpoint;

import io.sparknn.engine.io.Model;

/**
 * All a run needs to continue exactly where it stopped: the model with optimizer state, the
 * position (next epoch and step, steps taken), early-stopping state and best model, how far the
 * metrics log had got (its lines stay in the run's log, so a checkpoint's size does not grow with the
 * run), the resolved config it ran with, and the BLAS and thread counts the bitwise promises depend
 * on. The batch order is a function of (seed, epoch, step): no RNG state.
 *
 * @param best         the best model so far under early stopping, or null
 * @param streamState  stateful training: the carried state of every stream at this position
 *                     (stored as {@code stream_state.bin}); null otherwise, and when a checkpoint
 *                     without that file is read (it means zero state)
 */
public record Checkpoint(
        long globalStep,
        int epoch,
        int stepInEpoch,
        double bestScore,
        int epochsWithoutImprovement,
        int bestEpoch,
        String config,
        String blas,
        int threadsPerTask,
        String openBlasThreads,
        MetricsMark metrics,
        Model model,
        Model best,
        double[] streamState) {

    /** This checkpoint with the carried state of the streams. */
    public Checkpoint withStreamState(double[] state) {
        return new Checkpoint(
                globalStep,
                epoch,
                stepInEpoch,
                bestScore,
                epochsWithoutImprovement,
                bestEpoch,
                config,
                blas,
                threadsPerTask,
                openBlasThreads,
                metrics,
                model,
                best,
                state);
    }
}
