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
        double dNorm = Lbfgs.maxAbs(d);
        Point p = at.apply(t);
        int evals = 1;
        double fNew = p.f;
        double[] gNew = p.g;
        double gtdNew = p.gtd;
        double tPrev = 0;
        double fPrev = f;
        double[] gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null;
        double[] bracketF = null;
        double[][] bracketG = null;
        double[] bracketGtd = null;
        while (lsIter < MAX_LS) {
            if (fNew > (f + C1 * t * gtd) || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -C2 * gtd) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new double[][] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew;
            gtdPrev = gtdNew;
            p = at.apply(t);
            fNew = p.f;
            gNew = p.g;
            gtdNew = p.gtd;
            evals++;
            lsIter++;
        }
        if (lsIter == MAX_LS) {
            bracket = new double[] {0, t};
            bracketF = new double[] {f, fNew};
            bracketG = new double[][] {g, gNew};
        }
        boolean insufProgress = false;
        int lowPos = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
        int highPos = 1 - lowPos;
        while (!done && lsIter < MAX_LS) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < tolChange) {
                break;
            }
            t = cubicInterpolate(
                    bracket[0],
                    bracketF[0],
                    bracketGtd[0],
                    bracket[1],
                    bracketF[1],
                    bracketGtd[1],
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
            p = at.apply(t);
            fNew = p.f;
            gNew = p.g;
            gtdNew = p.gtd;
            evals++;
            lsIter++;
            if (fNew > (f + C1 * t * gtd) || fNew >= bracketF[lowPos]) {
                bracket[highPos] = t;
                bracketF[highPos] = fNew;
                bracketG[highPos] = gNew;
                bracketGtd[highPos] = gtdNew;
                lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
                highPos = 1 - lowPos;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
                    bracket[highPos] = bracket[lowPos];
                    bracketF[highPos] = bracketF[lowPos];
                    bracketG[highPos] = bracketG[lowPos];
                    bracketGtd[highPos] = bracketGtd[lowPos];
                }
                bracket[lowPos] = t;
                bracketF[lowPos] = fNew;
                bracketG[lowPos] = gNew;
                bracketGtd[lowPos] = gtdNew;
            }
        }
        return new Search(bracketF[lowPos], bracketG[lowPos], bracket[lowPos], evals);
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
