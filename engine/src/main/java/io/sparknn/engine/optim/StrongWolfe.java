package io.sparknn.engine.optim;

import java.util.function.DoubleFunction;

/**
 * The line search of {@link Lbfgs}: PyTorch 1.13's {@code _strong_wolfe} and {@code
 * _cubic_interpolate} ({@code torch/optim/lbfgs.py}), statement for statement, with Python's
 * comparisons (a NaN or infinite trial loss brackets or bisects as it does there). Its own file: the
 * optimizer's step and history are one concept, the search along a direction another.
 */
final class StrongWolfe {
    /** PyTorch's {@code _strong_wolfe} constants. */
    private static final double C1 = 1e-4;

    private static final double C2 = 0.9;
    private static final int MAX_LS = 25;

    private StrongWolfe() {}

    /** The point the search accepted, and the evaluations it took. */
    record Search(double f, double[] g, double t, int evals) {}

    /** A trial point: loss, gradient and the derivative along the direction. */
    record Point(double f, double[] g, double gtd) {}

    /**
     * PyTorch's {@code _strong_wolfe} with its defaults (c1 1e-4, c2 0.9, max_ls 25): from step
     * {@code t} along {@code d}, whose start has loss {@code f}, gradient {@code g} and directional
     * derivative {@code gtd}; {@code at} evaluates the point at a step.
     */
    static Search search(
            DoubleFunction<Point> at, double t, double[] d, double f, double[] g, double gtd, double tolChange) {
        double dNorm = DoubleVectors.maxAbs(d);
        Point now = at.apply(t);
        int evals = 1;
        double tPrev = 0;
        Point prev = new Point(f, g, gtd);
        boolean done = false;
        int lsIter = 0;
        // the bracket's steps, and the points at them (PyTorch's bracket_f, bracket_g, bracket_gtd)
        double[] bracket = null;
        Point[] bracketAt = null;
        while (lsIter < MAX_LS) {
            if (now.f > (f + C1 * t * gtd) || (lsIter > 1 && now.f >= prev.f)) {
                bracket = new double[] {tPrev, t};
                bracketAt = new Point[] {prev, now};
                break;
            }
            if (Math.abs(now.gtd) <= -C2 * gtd) {
                bracket = new double[] {t};
                bracketAt = new Point[] {now};
                done = true;
                break;
            }
            if (now.gtd >= 0) {
                bracket = new double[] {tPrev, t};
                bracketAt = new Point[] {prev, now};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, prev.f, prev.gtd, t, now.f, now.gtd, minStep, maxStep);
            tPrev = tmp;
            prev = now;
            now = at.apply(t);
            evals++;
            lsIter++;
        }
        if (lsIter == MAX_LS) {
            bracket = new double[] {0, t};
            bracketAt = new Point[] {new Point(f, g, gtd), now};
        }
        boolean insufProgress = false;
        int lowPos = bracketAt[0].f <= bracketAt[bracketAt.length - 1].f ? 0 : 1;
        int highPos = 1 - lowPos;
        while (!done && lsIter < MAX_LS) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < tolChange) {
                break;
            }
            t = cubicInterpolate(
                    bracket[0],
                    bracketAt[0].f,
                    bracketAt[0].gtd,
                    bracket[1],
                    bracketAt[1].f,
                    bracketAt[1].gtd,
                    Double.NaN,
                    Double.NaN);
            double hi = pyMax(bracket[0], bracket[1]);
            double lo = pyMin(bracket[0], bracket[1]);
            double eps = 0.1 * (hi - lo);
            if (pyMin(hi - t, t - lo) < eps) {
                if (insufProgress || t >= hi || t <= lo) {
                    t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
                    insufProgress = false;
                } else {
                    insufProgress = true;
                }
            } else {
                insufProgress = false;
            }
            now = at.apply(t);
            evals++;
            lsIter++;
            if (now.f > (f + C1 * t * gtd) || now.f >= bracketAt[lowPos].f) {
                bracket[highPos] = t;
                bracketAt[highPos] = now;
                lowPos = bracketAt[0].f <= bracketAt[1].f ? 0 : 1;
                highPos = 1 - lowPos;
            } else {
                if (Math.abs(now.gtd) <= -C2 * gtd) {
                    done = true;
                } else if (now.gtd * (bracket[highPos] - bracket[lowPos]) >= 0) {
                    bracket[highPos] = bracket[lowPos];
                    bracketAt[highPos] = bracketAt[lowPos];
                }
                bracket[lowPos] = t;
                bracketAt[lowPos] = now;
            }
        }
        return new Search(bracketAt[lowPos].f, bracketAt[lowPos].g, bracket[lowPos], evals);
    }

    /**
     * PyTorch's {@code _cubic_interpolate}: the minimiser of the cubic through two points with their
     * derivatives, within the bounds ({@code NaN} bounds: the two points), the middle when it has none.
     */
    static double cubicInterpolate(
            double x1, double f1, double g1, double x2, double f2, double g2, double xminBound, double xmaxBound) {
        double lo = xminBound;
        double hi = xmaxBound;
        if (Double.isNaN(xminBound) && Double.isNaN(xmaxBound)) {
            lo = x1 <= x2 ? x1 : x2;
            hi = x1 <= x2 ? x2 : x1;
        }
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return pyMin(pyMax(minPos, lo), hi);
        }
        return (lo + hi) / 2.;
    }

    /** Python's {@code min(a, b)}: {@code b} only when {@code b < a} (so NaN as {@code a} stays). */
    static double pyMin(double a, double b) {
        return b < a ? b : a;
    }

    /** Python's {@code max(a, b)}: {@code b} only when {@code b > a}. */
    private static double pyMax(double a, double b) {
        return b > a ? b : a;
    }
}
