package io.sparknn.trainer.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One axis of a chart: its range, linear or logarithmic, and its ticks. An axis is logarithmic
 * when it is allowed to be, every value is above zero and the largest is at least 100 times the
 * smallest (two decades).
 */
record Axis(double min, double max, boolean log) {
    /** Values spanning at least this ratio get a log axis. */
    static final double DECADES_RATIO = 100;

    /** The axis over the drawable values of {@code values} (several arrays: one per curve). */
    static Axis over(List<double[]> values, boolean mayBeLog, boolean fromZero) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        boolean positive = true;
        for (double[] a : values) {
            for (double v : a) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                    positive &= v > 0;
                }
            }
        }
        if (lo > hi) {
            return new Axis(0, 1, false);
        }
        if (mayBeLog && positive && hi / lo >= DECADES_RATIO) {
            return new Axis(Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.ceil(Math.log10(hi))), true);
        }
        if (fromZero && lo > 0) {
            lo = 0;
        }
        if (hi == lo) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            return new Axis(lo - pad, hi + pad, false);
        }
        double step = niceStep((hi - lo) / 5);
        return new Axis(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, false);
    }

    /** {@code v} as a fraction of the axis, 0 at min and 1 at max. */
    double fraction(double v) {
        if (log) {
            return (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        }
        return (v - min) / (max - min);
    }

    /** The values to label. */
    List<Double> ticks() {
        List<Double> out = new ArrayList<>();
        if (log) {
            int from = (int) Math.round(Math.log10(min));
            int to = (int) Math.round(Math.log10(max));
            int every = Math.max(1, (to - from + 5) / 6);
            for (int e = from; e <= to; e += every) {
                out.add(Math.pow(10, e));
            }
            return out;
        }
        double step = niceStep((max - min) / 5);
        for (double t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
        }
        return out;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0) || !Double.isFinite(rough)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(rough)));
        double f = rough / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    /** A tick's label: short, without a trailing ".0". */
    static String label(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            String s = String.format(Locale.ROOT, "%.0e", v);
            return s.replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
