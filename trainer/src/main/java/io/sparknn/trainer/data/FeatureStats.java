package io.sparknn.trainer.data;

import java.io.Serializable;

/**
 * Per-feature minimum, maximum and sum over some rows: what scaling is fitted from, computed
 * where the rows are and combined on the driver in the data set's order (so a data set of one
 * unit sums in row order, exactly as a single pass would).
 */
public final class FeatureStats implements Serializable {
    private static final long serialVersionUID = 1L;

    public final long count;
    public final double[] min;
    public final double[] max;
    public final double[] sum;

    private FeatureStats(long count, double[] min, double[] max, double[] sum) {
        this.count = count;
        this.min = min;
        this.max = max;
        this.sum = sum;
    }

    /**
     * @param x     rows of {@code width} features
     * @param keep  which rows count, or null for all
     */
    public static FeatureStats of(float[] x, int width, boolean[] keep) {
        double[] min = new double[width];
        double[] max = new double[width];
        double[] sum = new double[width];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        long count = 0;
        int rows = width == 0 ? 0 : x.length / width;
        for (int i = 0; i < rows; i++) {
            if (keep != null && !keep[i]) {
                continue;
            }
            count++;
            for (int j = 0; j < width; j++) {
                double v = x[i * width + j];
                min[j] = Math.min(min[j], v);
                max[j] = Math.max(max[j], v);
                sum[j] += v;
            }
        }
        return new FeatureStats(count, min, max, sum);
    }

    /** These rows' statistics followed by {@code next}'s. */
    public FeatureStats plus(FeatureStats next) {
        double[] mn = min.clone();
        double[] mx = max.clone();
        double[] s = sum.clone();
        for (int j = 0; j < s.length; j++) {
            mn[j] = Math.min(mn[j], next.min[j]);
            mx[j] = Math.max(mx[j], next.max[j]);
            s[j] += next.sum[j];
        }
        return new FeatureStats(count + next.count, mn, mx, s);
    }

    /** Per feature, the sum of squared deviations from {@code mean} over the kept rows. */
    public static double[] squaredDeviations(float[] x, int width, boolean[] keep, double[] mean) {
        double[] sq = new double[width];
        int rows = width == 0 ? 0 : x.length / width;
        for (int i = 0; i < rows; i++) {
            if (keep != null && !keep[i]) {
                continue;
            }
            for (int j = 0; j < width; j++) {
                double d = x[i * width + j] - mean[j];
                sq[j] += d * d;
            }
        }
        return sq;
    }
}
