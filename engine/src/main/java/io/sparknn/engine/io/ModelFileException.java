package io.sparknn.engine.io;

import io.sparknn.engine.SparknnException;

/**
 * A file that is not a readable model file: not one at all, truncated, corrupt, written by a newer
 * format version, or with content that does not fit together. The message names the file.
 *
 * <p>Unchecked, like every error of the project ({@link SparknnException}) and like bad input data:
 * it is a fault of the file's content, not of reading it. {@link ModelFile#read} still declares
 * {@link java.io.IOException} for the stream itself failing; a caller that handles both catches both.
 */
public class ModelFileException extends SparknnException {
    private static final long serialVersionUID = 1L;

    private final String source;

    /** {@code message} is prefixed with {@code "model file <source>: "} unless it already starts with {@code "model file <source>"}. */
    public ModelFileException(String source, String message) {
        this(source, message, null);
    }

    public ModelFileException(String source, String message, Throwable cause) {
        super(
                Kind.BAD_MODEL,
                message.startsWith("model file " + source) ? message : "model file " + source + ": " + message,
                cause);
        this.source = source;
    }

    /** The file (or other source) that could not be read. */
    public String source() {
        return source;
    }
}
