package io.sparknn.engine.kernel;

/**
 * Gate activations for the generated float64 kernels (see {@link FloatGateMath}), through the
 * intrinsic {@link Math#exp}: {@link Math#tanh} is a native call on Java 17, several times slower.
 * σ saturates to exactly 0 or 1 and tanh to ±1 without NaN; tanh's absolute error stays within a
 * few ulps of 1, which is what a gate value needs (PyTorch float64 agrees to ~1e-15).
 */
final class DoubleGateMath {
    private DoubleGateMath() {
    }

    static double tanh(double x) {
        return 1 - 2 / (Math.exp(2 * x) + 1);
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
