package io.sparknn.trainer.config;

/** {@code training.metric}: what early stopping watches on the validation data. */
public enum StopMetric implements ConfigChoice {
    /** Higher is better; the loss where the evaluation has no accuracy (regression). */
    ACCURACY,
    /** Lower is better. */
    LOSS
}
