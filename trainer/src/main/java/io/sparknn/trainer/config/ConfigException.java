package io.sparknn.trainer.config;

import io.sparknn.engine.SparknnException;

/** A job config that cannot be used; the message names the file and the key. */
public class ConfigException extends SparknnException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(Kind.BAD_CONFIG, message);
    }

    public ConfigException(String message, Throwable cause) {
        super(Kind.BAD_CONFIG, message, cause);
    }
}
