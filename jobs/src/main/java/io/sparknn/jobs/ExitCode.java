package io.sparknn.jobs;

/**
 * The jobs' documented exit codes (also in the README). A scheduler can tell a bad config from
 * bad data from a diverged run without reading logs.
 */
public enum ExitCode {
    /** Finished; the output directory has {@code _SUCCESS}. */
    OK(0),
    /** An unexpected failure (a bug, or Spark itself failing); the log has the stack trace. */
    FAILED(1),
    /** Wrong command-line arguments. */
    USAGE(2),
    /**
     * The config is malformed, has an unknown key, a wrong type or an out-of-range value, the network
     * does not fit, or a setting cannot work in training (batch norm with one example in a shard).
     */
    BAD_CONFIG(3),
    /** The data is missing or malformed (file and line named), or does not fit the network. */
    BAD_DATA(4),
    /** The loss or a parameter became NaN or infinite; the last good checkpoint is kept. */
    DIVERGED(5),
    /**
     * The output directory holds a run that the chosen output.mode does not allow to touch, its
     * checkpoint cannot be continued from, or it is or lies below a regular file.
     */
    OUTPUT_REFUSED(6),
    /** A model file is missing, truncated, corrupt or from a newer format version. */
    BAD_MODEL(7),
    /** Stopped by an interrupt (Ctrl-C, a killed job); rerun with output.mode resume or auto to continue. */
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
