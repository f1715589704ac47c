package io.sparknn.trainer.config;

/** {@code data.mode} of a text: how training windows are cut and whether state carries between them. */
public enum SequenceMode implements ConfigChoice {
    /** Windows every {@code stride} characters, shuffled, each from a zero state. */
    SLIDING,
    /** One stream per batch row, consecutive windows in order, the state carried (truncated BPTT). */
    STATEFUL
}
