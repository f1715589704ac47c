package io.sparknn.bench;

import java.util.Arrays;

/** Order statistics of a sample of timings. */
final class Stats {
    private final double[] sorted;

    Stats(double[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    static Stats ofNanos(long[] nanos) {
        double[] ms = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            ms[i] = nanos[i] / 1e6;
        }
        return new Stats(ms);
    }

    /** The q-quantile, nearest rank (q = 0.5: the median). */
    double quantile(double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    double median() {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    double sum() {
        double s = 0;
        for (double v : sorted) {
            s += v;
        }
        return s;
    }

    int count() {
        return sorted.length;
    }
}
