package io.sparknn.trainer.checkpoint;

/** The output directory cannot be used as asked (a finished run, nothing to resume). */
public class OutputDirectoryException extends RuntimeException {
    public OutputDirectoryException(String message) {
        super(message);
    }
}
