package io.sparknn.engine.layer;

import io.sparknn.engine.SparknnException;

/**
 * A network, layer or loss spec that is malformed or does not fit its input; the message names the
 * layer and key. Not an {@link IllegalArgumentException}: code that turns a rejected argument into
 * a spec error catches both.
 */
public class SpecException extends SparknnException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(Kind.BAD_CONFIG, message);
    }
}
