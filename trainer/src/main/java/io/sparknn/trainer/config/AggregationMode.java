package io.sparknn.trainer.config;

/**
 * {@code training.aggregation}: how a step's partition gradients reach the driver's sum. Every mode
 * but {@link #DEPTH_2} adds them in partition order and gives the same bits.
 */
public enum AggregationMode implements ConfigChoice {
    /**
     * {@link #REDUCE_SCATTER} with at least 4 partitions and 1 MB of parameters, else
     * {@link #DEPTH_1} (never {@link #DEPTH_2}, which adds in another order); the run logs the choice.
     */
    AUTO,
    /** The driver adds every partition's gradient ({@code aggregation_depth} 1). */
    DEPTH_1,
    /** Groups of ⌈√P⌉ partitions added on the executors first, then on the driver ({@code aggregation_depth} 2). */
    DEPTH_2,
    /** Slice j of every partition's gradient added on reducer j, one shuffle; the driver receives one parameter vector. */
    REDUCE_SCATTER;

    /** The {@code aggregation_depth} these bits are those of: 2 for {@link #DEPTH_2}, else 1. */
    public int depth() {
        return this == DEPTH_2 ? 2 : 1;
    }
}
