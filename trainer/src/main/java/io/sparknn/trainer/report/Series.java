package io.sparknn.trainer.report;

/**
 * One curve: y against x, in the order logged. A NaN or infinite value is a gap in the curve.
 * Its arrays are the caller's, not copied: a curve of a long run is drawn without one.
 */
public final class Series {
    private final String name;
    private final int color;
    private final boolean dashed;
    private final double[] x;
    private final double[] y;

    /**
     * @param color  the index of its colour in the page's palette
     * @param dashed drawn dashed (validation curves, beside the solid training ones)
     */
    public Series(String name, int color, boolean dashed, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(name + ": " + x.length + " x values, " + y.length + " y values");
        }
        this.name = name;
        this.color = color;
        this.dashed = dashed;
        this.x = x;
        this.y = y;
    }

    public String name() {
        return name;
    }

    public int color() {
        return color;
    }

    public boolean dashed() {
        return dashed;
    }

    double[] x() {
        return x;
    }

    double[] y() {
        return y;
    }

    /** True when at least one point can be drawn. */
    boolean hasPoints() {
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                return true;
            }
        }
        return false;
    }

    /** The last value that can be drawn, or NaN. */
    double lastValue() {
        for (int i = y.length - 1; i >= 0; i--) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                return y[i];
            }
        }
        return Double.NaN;
    }
}
