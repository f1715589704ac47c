package io.sparknn.engine.io;

import java.io.IOException;

/**
 * A file that is not a readable model file: not one at all, truncated, corrupt, written by a newer
 * format version, or with content that does not fit together. The message names the file.
 */
public class ModelFileException extends IOException {
    private final String source;

    /** {@code message} is prefixed with {@code "model file <source>: "} unless it already starts with {@code "model file <source>"}. */
    public ModelFileException(String source, String message) {
        this(source, message, null);
    }

    public ModelFileException(String source, String message, Throwable cause) {
        super(message.startsWith("model file " + source) ? message : "model file " + source + ": " + message, cause);
        this.source = source;
    }

    /** The file (or other source) that could not be read. */
    public String source() {
        return source;
    }
}
