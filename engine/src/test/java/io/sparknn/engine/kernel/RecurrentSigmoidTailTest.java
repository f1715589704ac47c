package io.sparknn.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The σ gates of the LSTM and GRU step kernels in the far negative tail, where the fast float σ is
 * 0 or has lost its relative precision: a row with such an argument is fixed up with the accurate
 * tail, a row without one keeps the fast σ, and the float64 twin is accurate throughout.
 */
class RecurrentSigmoidTailTest {
    static final int H = 5;
    /** Gate arguments (before the bias) of example 0: far tail, near the threshold, ordinary. */
    static final double[] TAIL = {-8.5, -16, -20, -87, 0.3, -7.9, -4, 1, -100, -104, -30, -50, -12, 2, -8.25};
    /** Example 1: no argument in the tail, the fast path only. */
    static final double[] MILD = {0.1, -0.7, 1.3, -2.2, 0.05, -3.1, 0.9, -1.4, 2.6, -0.2, 0.4, -1.9, 3.3, -0.6, 1.1};

    static final double[] BIAS = {0.5, -0.25, 0, 0.125, -0.5};

    /** σ of a float32 argument to double accuracy. */
    static double sigma(double v) {
        return GateMathTest.sigmoidReference(v);
    }

    static void assertGate(Precision p, double v, double got, String at) {
        double want = sigma(v);
        if (p == Precision.FLOAT64) {
            assertTrue(Math.abs(got - want) <= Math.ulp(want), at + ": σ(" + v + ") = " + got + ", want " + want);
        } else if (v < FloatGateMath.SIGMOID_TAIL) {
            assertTrue(
                    Math.abs(got - want) <= Math.ulp((float) want), at + ": σ(" + v + ") = " + got + ", want " + want);
        } else {
            assertEquals(want, got, 2.3e-7, at + ": σ(" + v + ")");
            assertEquals(want, got, 3.5e-4 * want, at + ": σ(" + v + ") relative");
        }
    }

    /** x as the precision rounds it, then + b in that precision: the argument the kernel sees. */
    static double plus(Precision p, double x, double b) {
        return p == Precision.FLOAT32 ? (float) ((float) x + (float) b) : x + b;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void lstmInputForgetAndOutputGates(Precision p) {
        int stride = 4 * H;
        Storage g = Storage.allocate(p, 2 * stride);
        Storage bias = Storage.allocate(p, 4 * H);
        for (int gate : new int[] {0, 1, 3}) {
            for (int j = 0; j < H; j++) {
                int k = (gate == 3 ? 2 : gate) * H + j;
                g.set(gate * H + j, TAIL[k]);
                g.set(stride + gate * H + j, MILD[k]);
                bias.set(gate * H + j, BIAS[j]);
            }
        }
        RecurrentKernels rk = RecurrentKernels.of(p);
        Storage cells = Storage.allocate(p, 3 * H);
        rk.lstmForward(
                rk.workspace(H),
                2,
                new RecurrentKernels.LstmForward(
                        new RecurrentKernels.StepRows(g, 0, stride),
                        bias,
                        0,
                        new RecurrentKernels.StepRows(cells, 0, H),
                        new RecurrentKernels.StepRows(cells, H, H),
                        new RecurrentKernels.StepRows(Storage.allocate(p, 2 * H), 0, H),
                        new RecurrentKernels.StepRows(Storage.allocate(p, 2 * H), 0, H),
                        null));
        for (int e = 0; e < 2; e++) {
            double[] args = e == 0 ? TAIL : MILD;
            for (int gate : new int[] {0, 1, 3}) {
                for (int j = 0; j < H; j++) {
                    double v = plus(p, args[(gate == 3 ? 2 : gate) * H + j], BIAS[j]);
                    assertGate(p, v, g.get(e * stride + gate * H + j), "example " + e + " gate " + gate + " unit " + j);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void gruResetAndUpdateGates(Precision p) {
        int stride = 3 * H;
        Storage a = Storage.allocate(p, 2 * stride);
        Storage b = Storage.allocate(p, 2 * stride);
        Storage bias = Storage.allocate(p, 6 * H);
        for (int gate = 0; gate < 2; gate++) {
            for (int j = 0; j < H; j++) {
                int k = gate * H + j;
                // a carries the argument, b (the hidden side) a small part of it
                a.set(k, TAIL[k] - 0.25);
                b.set(k, 0.25);
                a.set(stride + k, MILD[k]);
                bias.set(k, BIAS[j]); // b_ih
                bias.set(3 * H + k, -BIAS[j] / 2); // b_hh
            }
        }
        RecurrentKernels rk = RecurrentKernels.of(p);
        rk.gruForward(
                rk.workspace(H),
                2,
                new RecurrentKernels.GruForward(
                        new RecurrentKernels.StepRows(a, 0, stride),
                        new RecurrentKernels.StepRows(b, 0, stride),
                        bias,
                        0,
                        3 * H,
                        new RecurrentKernels.StepRows(Storage.allocate(p, 2 * H), 0, H),
                        new RecurrentKernels.StepRows(Storage.allocate(p, 2 * H), 0, H),
                        null));
        for (int e = 0; e < 2; e++) {
            for (int gate = 0; gate < 2; gate++) {
                for (int j = 0; j < H; j++) {
                    int k = gate * H + j;
                    double x = e == 0 ? TAIL[k] - 0.25 : MILD[k];
                    double hidden = e == 0 ? 0.25 : 0;
                    // the kernel's order: (a + b) + (b_ih + b_hh)
                    double v = plus(p, plus(p, x, hidden), plus(p, BIAS[j], -BIAS[j] / 2));
                    assertGate(p, v, a.get(e * stride + k), "example " + e + " gate " + gate + " unit " + j);
                }
            }
        }
    }
}
