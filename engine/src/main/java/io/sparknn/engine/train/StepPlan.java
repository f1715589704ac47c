package io.sparknn.engine.train;

import java.io.Serializable;

/**
 * Which global minibatch a step computes: positions {@code [stepInEpoch·batchSize, …)} of the
 * epoch's {@link EpochPermutation} over {@code examples} ids.
 *
 * @param globalStep the optimizer step counted over the whole run (dropout masks depend on it)
 */
public record StepPlan(long seed, int epoch, int stepInEpoch, long globalStep, int batchSize, long examples)
        implements Serializable {

    public long firstPosition() {
        return (long) stepInEpoch * batchSize;
    }

    public long endPosition() {
        return Math.min(examples, firstPosition() + batchSize);
    }

    /** Examples in this step's global batch. */
    public int size() {
        return (int) (endPosition() - firstPosition());
    }

    public String describe() {
        return "train step " + globalStep + " (epoch " + (epoch + 1) + ")";
    }
}
