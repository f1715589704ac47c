package io.sparknn.trainer.checkpoint;

import io.sparknn.engine.SparknnException;

/** The output directory cannot be used as asked (a finished run, nothing to resume). */
public class OutputDirectoryException extends SparknnException {
    private static final long serialVersionUID = 1L;

    public OutputDirectoryException(String message) {
        super(Kind.OUTPUT_REFUSED, message);
    }
}
