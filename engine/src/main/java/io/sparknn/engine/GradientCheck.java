package io.sparknn.engine;

/**
 * Compares a network's analytic gradients with central differences of its loss sum, over every
 * parameter and (when the network computes input gradients) every input value, in float64.
 *
 * <p>Error of one value: {@code |analytic − numeric| / max(|analytic|, |numeric|, floor)}; the
 * floor (1e-4) keeps gradients that are zero up to rounding from dividing noise by noise. Inputs
 * should keep clear of kinks (ReLU at 0, max-pool ties), where no derivative exists.
 */
public final class GradientCheck {
    /** Central-difference step. */
    public static final double STEP = 1e-5;
    /** Denominator floor of the relative error. */
    public static final double FLOOR = 1e-4;

    private GradientCheck() {}

    /**
     * The worst relative errors.
     *
     * @param worstParam index of the worst parameter (−1 if none)
     * @param worstInput index of the worst input value (−1 if not checked)
     */
    public record Result(double paramError, int worstParam, double inputError, int worstInput) {
        public double maxError() {
            return Math.max(paramError, inputError);
        }
    }

    /**
     * Checks {@code net} (float64) on {@code batch} and leaves the network as it found it: parameters
     * and input values are put back after each difference, and the non-trainable buffers (batch-norm
     * running statistics, which every training-mode pass moves) are restored at the end, so a check
     * changes nothing a later prediction or save would see. The gradients left behind are the
     * analytic ones of {@code batch}.
     */
    public static Result check(Network net, Batch batch) {
        if (net.precision() != Precision.FLOAT64) {
            throw new IllegalArgumentException("gradient checks run in float64; this network is " + net.precision());
        }
        double[] buffers = net.buffers().toDoubles();
        try {
            return differences(net, batch);
        } finally {
            net.setBuffers(buffers);
        }
    }

    private static Result differences(Network net, Batch batch) {
        net.computeGradients(batch);
        double[] analytic = net.gradients().toDoubles();
        double[] analyticInput = net.options().inputGradients()
                ? net.inputGradient()
                        .toDoubles(0, batch.n() * net.spec().input().size())
                : null;

        Storage p = net.parameters();
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < p.length(); i++) {
            double e = relativeError(analytic[i], numeric(net, batch, p, i));
            if (e > worst || worstAt < 0) {
                worst = e;
                worstAt = i;
            }
        }
        double worstIn = 0;
        int worstInAt = -1;
        if (analyticInput != null) {
            for (int i = 0; i < analyticInput.length; i++) {
                double e = relativeError(analyticInput[i], numeric(net, batch, batch.x(), i));
                if (e > worstIn || worstInAt < 0) {
                    worstIn = e;
                    worstInAt = i;
                }
            }
        }
        net.computeGradients(batch);
        return new Result(worst, worstAt, worstIn, worstInAt);
    }

    private static double numeric(Network net, Batch batch, Storage s, int i) {
        double v = s.get(i);
        try {
            s.set(i, v + STEP);
            double plus = net.computeGradients(batch).sum();
            s.set(i, v - STEP);
            double minus = net.computeGradients(batch).sum();
            return (plus - minus) / (2 * STEP);
        } finally {
            s.set(i, v);
        }
    }

    /** |a − b| / max(|a|, |b|, {@link #FLOOR}). */
    public static double relativeError(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.max(Math.abs(a), Math.abs(b)), FLOOR);
    }
}
