package io.sparknn.engine.layer;

/** A network, layer or loss spec that is malformed or does not fit its input; the message names the layer and key. */
public class SpecException extends IllegalArgumentException {
    public SpecException(String message) {
        super(message);
    }
}
