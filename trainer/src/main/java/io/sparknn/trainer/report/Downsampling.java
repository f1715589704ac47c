package io.sparknn.trainer.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The points of a curve that are drawn. A value that cannot be drawn (NaN, infinite, or not above
 * zero on a log axis) is a gap: the curve falls into segments between gaps, each drawn as a path
 * segment of its own. A segment of more than two points per pixel column is thinned: of each run of
 * consecutive points that fall into one column, the one with the smallest and the one with the
 * largest y are kept (one point when they are the same), in their order, so a spike stays visible
 * however long the run. Shorter segments are drawn whole.
 */
public final class Downsampling {
    private Downsampling() {}

    /** A piece of a curve between gaps, as drawn: its points' x and y. */
    public static final class Segment {
        private final double[] x;
        private final double[] y;

        Segment(double[] x, double[] y) {
            this.x = x;
            this.y = y;
        }

        public double[] x() {
            return x.clone();
        }

        public double[] y() {
            return y.clone();
        }

        public int size() {
            return x.length;
        }

        double x(int i) {
            return x[i];
        }

        double y(int i) {
            return y[i];
        }
    }

    /**
     * The segments of {@code (x, y)} on a plot {@code columns} pixels wide that spans
     * {@code [xMin, xMax]}.
     */
    public static List<Segment> segments(double[] x, double[] y, int columns, double xMin, double xMax, boolean logY) {
        List<Segment> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= x.length; i++) {
            boolean drawable = i < x.length && Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!logY || y[i] > 0);
            if (drawable && start < 0) {
                start = i;
            } else if (!drawable && start >= 0) {
                out.add(thin(x, y, start, i, columns, xMin, xMax));
                start = -1;
            }
        }
        return out;
    }

    private static Segment thin(double[] x, double[] y, int from, int to, int columns, double xMin, double xMax) {
        int n = to - from;
        if (n <= 2 * columns) {
            return new Segment(copy(x, from, to), copy(y, from, to));
        }
        double[] sx = new double[2 * columns + 2];
        double[] sy = new double[sx.length];
        int k = 0;
        int i = from;
        while (i < to) {
            int column = column(x[i], columns, xMin, xMax);
            int lo = i;
            int hi = i;
            int j = i + 1;
            while (j < to && column(x[j], columns, xMin, xMax) == column) {
                if (y[j] < y[lo]) {
                    lo = j;
                }
                if (y[j] > y[hi]) {
                    hi = j;
                }
                j++;
            }
            if (k + 2 > sx.length) {
                sx = java.util.Arrays.copyOf(sx, sx.length * 2);
                sy = java.util.Arrays.copyOf(sy, sy.length * 2);
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            sx[k] = x[first];
            sy[k++] = y[first];
            if (second != first) {
                sx[k] = x[second];
                sy[k++] = y[second];
            }
            i = j;
        }
        return new Segment(java.util.Arrays.copyOf(sx, k), java.util.Arrays.copyOf(sy, k));
    }

    /** The pixel column of {@code x}: {@code columns} equal columns over {@code [xMin, xMax]}. */
    static int column(double x, int columns, double xMin, double xMax) {
        if (!(xMax > xMin)) {
            return 0;
        }
        int c = (int) Math.floor((x - xMin) / (xMax - xMin) * columns);
        return Math.max(0, Math.min(columns - 1, c));
    }

    private static double[] copy(double[] a, int from, int to) {
        return java.util.Arrays.copyOfRange(a, from, to);
    }
}
