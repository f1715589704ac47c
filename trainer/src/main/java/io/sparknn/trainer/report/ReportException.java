package io.sparknn.trainer.report;

import io.sparknn.engine.SparknnException;

/**
 * A run directory the report cannot read: it does not exist, holds no run, or has a malformed
 * metrics line or JSON file. The message names the file (and the 1-based line); a job ends with the
 * bad-data exit code.
 */
public final class ReportException extends SparknnException {
    private static final long serialVersionUID = 1L;

    ReportException(String message) {
        super(Kind.BAD_DATA, message);
    }

    ReportException(String message, Throwable cause) {
        super(Kind.BAD_DATA, message, cause);
    }
}
