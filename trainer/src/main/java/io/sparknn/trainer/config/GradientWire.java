package io.sparknn.trainer.config;

/**
 * {@code training.gradient_wire}: how the gradient sums travel between Spark's processes. The sums
 * themselves are always taken in the network's precision, in partition order, and the model,
 * optimizer state and checkpoints keep it; only what crosses the network is narrowed.
 */
public enum GradientWire implements ConfigChoice {
    /** The network's own precision (float32 or float64): depth 1 and reduce-scatter give the same bits. */
    FLOAT32,
    /**
     * Rounded to bfloat16 (to nearest, ties to even) on every hop a gradient takes between processes,
     * widened exactly on arrival: half the bytes of float32 (a quarter of float64), other bits than
     * {@link #FLOAT32}, the same bits on every run and after a retried task.
     */
    BFLOAT16
}
