package io.sparknn.engine.optim;

/**
 * Square and rectangular float64 matrices as row-major arrays, for K-FAC's Kronecker factors (a
 * few hundred rows at most): plain loops in a fixed order, so an inverse recomputed on the driver
 * is the same bits on every run.
 */
final class DenseMatrices {
    private DenseMatrices() {}

    /** (r × n)·(n × c), row-major. */
    static double[] multiply(double[] x, double[] y, int r, int n, int c) {
        double[] z = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int k = 0; k < n; k++) {
                double v = x[i * n + k];
                if (v == 0) {
                    continue;
                }
                for (int j = 0; j < c; j++) {
                    z[i * c + j] += v * y[k * c + j];
                }
            }
        }
        return z;
    }

    static double trace(double[] m, int n) {
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += m[i * n + i];
        }
        return t;
    }

    static double[] damped(double[] m, int n, double d) {
        double[] r = m.clone();
        for (int i = 0; i < n; i++) {
            r[i * n + i] += d;
        }
        return r;
    }

    /** The inverse of a symmetric positive definite matrix by its Cholesky factor L: L⁻ᵀ·L⁻¹. */
    static double[] inverse(double[] m, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = m[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new ArithmeticException("K-FAC: a damped factor is not positive definite");
                    }
                    l[i * n + i] = Math.sqrt(s);
                } else {
                    l[i * n + j] = s / l[j * n + j];
                }
            }
        }
        // li = L⁻¹ (lower triangular), by forward substitution column by column
        double[] li = new double[n * n];
        for (int c = 0; c < n; c++) {
            li[c * n + c] = 1 / l[c * n + c];
            for (int i = c + 1; i < n; i++) {
                double s = 0;
                for (int k = c; k < i; k++) {
                    s -= l[i * n + k] * li[k * n + c];
                }
                li[i * n + c] = s / l[i * n + i];
            }
        }
        // (L⁻¹)ᵀ·L⁻¹, symmetric: the upper triangle, mirrored
        double[] inv = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = j; k < n; k++) {
                    s += li[k * n + i] * li[k * n + j];
                }
                inv[i * n + j] = s;
                inv[j * n + i] = s;
            }
        }
        return inv;
    }
}
