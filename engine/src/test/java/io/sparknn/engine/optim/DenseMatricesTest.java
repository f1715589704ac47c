package io.sparknn.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** K-FAC's matrix helpers against plain loops and the definition of an inverse. */
class DenseMatricesTest {
    private static double[] random(Random r, int count) {
        double[] m = new double[count];
        for (int i = 0; i < count; i++) {
            m[i] = r.nextGaussian();
        }
        return m;
    }

    @Test
    void multiplyIsTheRowMajorProductOfOddShapes() {
        Random r = new Random(7);
        int[][] shapes = {{1, 1, 1}, {3, 5, 2}, {17, 1, 13}, {7, 31, 29}};
        for (int[] s : shapes) {
            double[] x = random(r, s[0] * s[1]);
            double[] y = random(r, s[1] * s[2]);
            double[] want = new double[s[0] * s[2]];
            for (int i = 0; i < s[0]; i++) {
                for (int j = 0; j < s[2]; j++) {
                    double v = 0;
                    for (int k = 0; k < s[1]; k++) {
                        v += x[i * s[1] + k] * y[k * s[2] + j];
                    }
                    want[i * s[2] + j] = v;
                }
            }
            assertArrayEquals(want, DenseMatrices.multiply(x, y, s[0], s[1], s[2]), 1e-12);
        }
    }

    @Test
    void inverseTimesTheMatrixIsTheIdentity() {
        Random r = new Random(11);
        for (int n : new int[] {1, 2, 37, 130}) {
            double[] b = random(r, n * n);
            // BᵀB + I: symmetric positive definite
            double[] m = DenseMatrices.damped(DenseMatrices.multiply(transpose(b, n), b, n, n, n), n, 1);
            double[] inv = DenseMatrices.inverse(m, n);
            double[] id = DenseMatrices.multiply(inv, m, n, n, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(i == j ? 1 : 0, id[i * n + j], 1e-9, "n " + n + " (" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void aMatrixThatIsNotPositiveDefiniteIsRefused() {
        assertThrows(ArithmeticException.class, () -> DenseMatrices.inverse(new double[] {1, 2, 2, 1}, 2));
    }

    private static double[] transpose(double[] m, int n) {
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j * n + i] = m[i * n + j];
            }
        }
        return t;
    }
}
