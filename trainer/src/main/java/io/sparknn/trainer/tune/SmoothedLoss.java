package io.sparknn.trainer.tune;

/**
 * The loss smoothed by an exponential moving average with bias correction, as fastai's
 * {@code AvgSmoothLoss} (and Smith's range test as fastai runs it): a ← β·a + (1 − β)·loss, and the
 * smoothed value a / (1 − β^n) after n losses. Without the correction the first values would be
 * pulled towards the average's start, 0 (after one loss: (1 − β)·loss, 2% of it for β = 0.98).
 */
public final class SmoothedLoss {
    /** fastai's β. */
    public static final double BETA = 0.98;

    private final double beta;
    private double average;
    private double betaPower = 1;

    public SmoothedLoss(double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("beta must be in [0, 1), got " + beta);
        }
        this.beta = beta;
    }

    /** Adds a loss and returns the smoothed loss so far. */
    public double add(double loss) {
        average = beta * average + (1 - beta) * loss;
        betaPower *= beta;
        return average / (1 - betaPower);
    }
}
