package io.sparknn.engine.train;

/**
 * Training cannot go on: a diverged loss, a shard that cannot be computed, a refused resume. Each
 * says whose mistake it is ({@link Kind}), which the jobs turn into their documented exit code: a
 * setting that cannot work is the user's to fix, never an unexpected failure.
 */
public class TrainingException extends RuntimeException {
    /** What went wrong, as the jobs' exit codes tell it apart. */
    public enum Kind {
        /** A setting (network, batch size, partitions) that cannot work with this data or mode. */
        BAD_CONFIG,
        /** The loss or a parameter became NaN or infinite. */
        DIVERGED,
        /** The output directory's checkpoint cannot be continued from. */
        OUTPUT_REFUSED
    }

    private final Kind kind;

    public TrainingException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
