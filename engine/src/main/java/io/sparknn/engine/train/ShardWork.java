package io.sparknn.engine.train;

import java.io.Serializable;

/**
 * What each shard computes for a step: its gradient sum, a {@link ShardFunction} as well (in the
 * same pass, so in the same Spark job), or only the function.
 *
 * @param gradient whether the shard computes its loss and gradient sums
 * @param function computed after the gradient on the same network, or alone; null for none
 */
public record ShardWork(boolean gradient, ShardFunction function) implements Serializable {
    /** The loss and gradient sums alone: an ordinary step. */
    public static final ShardWork GRADIENT = new ShardWork(true, null);

    public ShardWork {
        if (!gradient && function == null) {
            throw new IllegalArgumentException("a shard computes its gradient, a function, or both");
        }
    }

    /** The gradient, then {@code f} on the network that computed it. */
    public static ShardWork gradientAnd(ShardFunction f) {
        return new ShardWork(true, java.util.Objects.requireNonNull(f, "function"));
    }

    /** {@code f} alone, on a network with the weights loaded and nothing run yet. */
    public static ShardWork only(ShardFunction f) {
        return new ShardWork(false, java.util.Objects.requireNonNull(f, "function"));
    }
}
