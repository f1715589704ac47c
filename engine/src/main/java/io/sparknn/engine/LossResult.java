package io.sparknn.engine;

/**
 * A loss sum and the count it is over (examples or tokens); shards add both and divide once. With
 * them, the right predictions of the same forward pass ({@link io.sparknn.engine.loss.Loss#correct}),
 * a side value that no number of training depends on: {@link #NO_ACCURACY} when the loss and its
 * targets have no accuracy (regression, probability targets), else a count out of {@code count}.
 */
public record LossResult(double sum, long count, long correct) {

    /** {@link #correct} of a loss without accuracy. */
    public static final long NO_ACCURACY = -1;

    public double mean() {
        return sum / count;
    }

    /** True when {@link #correct} counts right predictions. */
    public boolean hasAccuracy() {
        return correct != NO_ACCURACY;
    }

    /**
     * Two right-prediction counts added, {@link #NO_ACCURACY} when either has none (every shard of
     * a run has the same loss and kind of targets, so either all count or none do).
     */
    public static long addCorrect(long a, long b) {
        return a == NO_ACCURACY || b == NO_ACCURACY ? NO_ACCURACY : a + b;
    }
}
