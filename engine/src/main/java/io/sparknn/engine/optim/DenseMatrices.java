package io.sparknn.engine.optim;

import io.sparknn.engine.DoubleStorage;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.TensorKernels;

/**
 * Square and rectangular float64 matrices as row-major arrays, for K-FAC's Kronecker factors (a
 * few hundred rows at most). Products run on the engine's float64 GEMM (netlib's dgemm, OpenBLAS
 * where it loads): a K-FAC step multiplies each layer's gradient by two factor inverses, which plain
 * loops made the larger part of the step. The Cholesky factor and its inverse are loops in a fixed
 * order; like every GEMM of the engine, the bits are those of the BLAS in use, the same on every
 * run with it.
 */
final class DenseMatrices {
    private DenseMatrices() {}

    /** (r × n)·(n × c), row-major. */
    static double[] multiply(double[] x, double[] y, int r, int n, int c) {
        double[] z = new double[r * c];
        TensorKernels.of(Precision.FLOAT64)
                .gemm(false, false, r, c, n, 1, wrap(x), 0, n, wrap(y), 0, c, 0, wrap(z), 0, c);
        return z;
    }

    private static Storage wrap(double[] m) {
        return new DoubleStorage(m);
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
        // li = L⁻¹ (lower triangular), a row at a time: row i is −(Σ_{k<i} l_ik·li_k)/l_ii, then 1/l_ii
        // on the diagonal; the rows of li are read whole, in order
        double[] li = new double[n * n];
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int k = 0; k < i; k++) {
                double v = l[row + k];
                int from = k * n;
                for (int c = 0; c <= k; c++) {
                    li[row + c] += v * li[from + c];
                }
            }
            double d = l[row + i];
            for (int c = 0; c < i; c++) {
                li[row + c] = -li[row + c] / d;
            }
            li[row + i] = 1 / d;
        }
        // (L⁻¹)ᵀ·L⁻¹, symmetric: the product's upper triangle, mirrored
        double[] inv = new double[n * n];
        TensorKernels.of(Precision.FLOAT64)
                .gemm(true, false, n, n, n, 1, wrap(li), 0, n, wrap(li), 0, n, 0, wrap(inv), 0, n);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                inv[j * n + i] = inv[i * n + j];
            }
        }
        return inv;
    }
}
