package io.sparknn.engine.train;

import io.sparknn.engine.SparknnException;

/**
 * Training cannot go on: a diverged loss, a shard that cannot be computed, a refused resume. Each
 * says whose mistake it is ({@link SparknnException.Kind}, also reachable as
 * {@code TrainingException.Kind}): a setting that cannot work is the user's to fix, never an
 * unexpected failure.
 */
public class TrainingException extends SparknnException {
    private static final long serialVersionUID = 1L;

    public TrainingException(Kind kind, String message) {
        super(kind, message);
    }
}
