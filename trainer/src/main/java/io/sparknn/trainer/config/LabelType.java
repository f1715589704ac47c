package io.sparknn.trainer.config;

/** {@code data.labels}: what a row's label is. */
public enum LabelType implements ConfigChoice {
    /** Class indices 0, 1, ... */
    INT,
    /** Class names, indexed in sorted order. */
    STRING,
    /** One regression target. */
    FLOAT,
    /** Rows without a label (predict's input); never written in a config. */
    NONE
}
