package io.sparknn.engine.optim;

/**
 * The float64 vector arithmetic of the second-order optimizers (L-BFGS, its strong-Wolfe line
 * search, Hessian-free's conjugate gradients): plain loops in index order, so each result's bits are
 * those of PyTorch's float64 reference on one thread, which the optimizers' goldens compare to.
 */
final class DoubleVectors {
    private DoubleVectors() {}

    /** {@code v.abs().max()}: NaN when any value is NaN, as torch's max. */
    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            double a = Math.abs(x);
            if (Double.isNaN(a)) {
                return Double.NaN;
            }
            if (a > m) {
                m = a;
            }
        }
        return m;
    }

    static double sumAbs(double[] v) {
        double s = 0;
        for (double x : v) {
            s += Math.abs(x);
        }
        return s;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static void axpy(double[] y, double a, double[] x) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    static double[] neg(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = -v[i];
        }
        return r;
    }

    static double[] product(double[] d, double t) {
        double[] r = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = d[i] * t;
        }
        return r;
    }

    static double[] divide(double[] a, double[] m) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / m[i];
        }
        return r;
    }
}
