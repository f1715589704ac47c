package io.sparknn.engine.kernel;

/**
 * Gate activations for the generated float64 kernels (see {@link FloatGateMath}), accurate to about
 * 1 ulp relative everywhere, since float64 is the precision that gradient checks and PyTorch goldens
 * hold to 1e-12 and more.
 * <ul>
 *   <li>tanh is {@link Math#tanh} (fdlibm). The shortcut 1 − 2/(e^{2x} + 1) cancels for small |x|:
 *       its relative error grows as 1e-16/|x| (1e-6 at x = 1e-10).</li>
 *   <li>σ(x) = 1/(1 + e^{−x}) for x ≥ 0 and e^x/(1 + e^x) for x &lt; 0: the same value, but e^x
 *       underflows gradually where e^{−x} would overflow, so σ keeps its subnormal tail down to
 *       x ≈ −745 instead of dropping to 0 below −709.</li>
 * </ul>
 * Both saturate without NaN: tanh to ±1, σ to exactly 1 and 0.
 */
final class DoubleGateMath {
    /** σ needs no second pass in float64 (see {@link FloatGateMath#SIGMOID_TAIL}): no argument is below this. */
    static final double SIGMOID_TAIL = Double.NEGATIVE_INFINITY;

    private DoubleGateMath() {}

    static double tanh(double x) {
        return Math.tanh(x);
    }

    /** Never called: {@link #SIGMOID_TAIL} is −∞. */
    static double sigmoidTail(double x) {
        return sigmoid(x);
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
