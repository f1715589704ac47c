package io.sparknn.trainer.config;

/** {@code training.lr_scaling}: the learning rate for a global batch k times {@code base_batch}. */
public enum LrScaling implements ConfigChoice {
    NONE,
    /** kη (SGD-style optimizers; Goyal et al. 2017). */
    LINEAR,
    /** √k·η (Adam-style optimizers). */
    SQRT
}
