package io.sparknn.engine.train;

/** Training cannot go on: a diverged loss, a shard that cannot be computed, a refused resume. */
public class TrainingException extends RuntimeException {
    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
