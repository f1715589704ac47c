package io.sparknn.engine.train;

/** The loss or a parameter became NaN or infinite; the message names the step. */
public class DivergedException extends TrainingException {
    public DivergedException(String message) {
        super(Kind.DIVERGED, message);
    }
}
