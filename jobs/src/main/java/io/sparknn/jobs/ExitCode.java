package io.sparknn.jobs;

import io.sparknn.engine.SparknnException.Kind;

/**
 * The jobs' documented exit codes (also in the README): one per kind of the project's errors
 * ({@link Kind}, which holds the number and says what each means), and the outcomes that are no
 * error of ours: finished, an unexpected failure, an interrupt. A scheduler can tell a bad config
 * from bad data from a diverged run without reading logs.
 */
public enum ExitCode {
    /** Finished; the output directory has {@code _SUCCESS}. */
    OK(0),
    /** An unexpected failure (a bug, or Spark itself failing); the log has the stack trace. */
    FAILED(1),
    USAGE(Kind.USAGE),
    BAD_CONFIG(Kind.BAD_CONFIG),
    BAD_DATA(Kind.BAD_DATA),
    DIVERGED(Kind.DIVERGED),
    OUTPUT_REFUSED(Kind.OUTPUT_REFUSED),
    BAD_MODEL(Kind.BAD_MODEL),
    /** Stopped by an interrupt (Ctrl-C, a killed job); rerun with output.mode resume or auto to continue. */
    INTERRUPTED(130);

    private final int code;
    /** The kind of error this code reports; null for the outcomes that are none. */
    private final Kind kind;

    ExitCode(int code) {
        this.code = code;
        this.kind = null;
    }

    ExitCode(Kind kind) {
        this.code = kind.exitCode();
        this.kind = kind;
    }

    public int code() {
        return code;
    }

    /** The exit code a job ends with for an error of this kind. */
    public static ExitCode of(Kind kind) {
        for (ExitCode c : values()) {
            if (c.kind == kind) {
                return c;
            }
        }
        throw new IllegalStateException("no exit code for " + kind); // ExitCodeTest checks every kind has one
    }
}
