package io.sparknn.trainer.config;

/** {@code data.scaling}: the per-feature scaling fitted on the training rows and saved in the model. */
public enum ScalingKind implements ConfigChoice {
    NONE,
    /** Mean 0, population standard deviation 1. */
    STANDARDIZE,
    /** To [0, 1]. */
    MINMAX,
    /** By {@code data.divisor}. */
    DIVIDE
}
