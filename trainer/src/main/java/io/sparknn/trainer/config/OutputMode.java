package io.sparknn.trainer.config;

/** {@code output.mode}: what a run does with an output directory that already holds files. */
public enum OutputMode implements ConfigChoice {
    /** Refuse it. */
    NEW,
    /** Delete it first. */
    OVERWRITE,
    /** Continue from its newest committed checkpoint; refused when there is none. */
    RESUME,
    /** Resume when there is a checkpoint, start an empty directory, leave a finished run alone (restarted drivers). */
    AUTO
}
