package io.sparknn.engine.kernel;

/**
 * Gate activations to float precision in plain arithmetic, so that loops over them vectorize: a call
 * to {@link Math#exp} keeps C2 from vectorizing a loop (with it, the element-wise part of an LSTM
 * step at h = 256 took 5× longer).
 * <ul>
 *   <li>tanh is the clamped rational minimax approximation Eigen uses for float tanh (numerator
 *       degree 13, denominator 6, on [−7.9053, 7.9053], beyond which float tanh is ±1): absolute
 *       error below 4e-7, within 7 ulp of tanh rounded to float over every float (checked
 *       exhaustively), so relative precision near 0 too (it is x·p(x²)/q(x²)).</li>
 *   <li>σ(x) = ½ + ½·tanh(x/2): absolute error below 2.3e-7 (the worst, 2.27e-7, near x = 11.5),
 *       but the sum cancels for negative x: its relative error grows as 1.2e-7/σ(x) (about 1e-5 at
 *       x = −4, 3.5e-4 at −8), and it is exactly 0 below
 *       x ≈ −15.9, where σ is still 1.3e-7 (σ is a float down to x ≈ −103). So the kernels compute
 *       arguments below {@link #SIGMOID_TAIL} again with {@link #sigmoidTail} (e^x/(1 + e^x) in
 *       double, within an ulp), in a second, scalar pass that runs only for rows that have such an
 *       argument.</li>
 * </ul>
 * {@link FloatRecurrentKernels} calls these; its generated float64 twin calls {@link DoubleGateMath},
 * whose σ is accurate everywhere, so its tail pass never runs.
 */
final class FloatGateMath {
    private static final float CLAMP = 7.90531110763549805f;
    /**
     * Arguments below this take {@link #sigmoidTail}; above it σ's relative error stays below 3.5e-4.
     * Not higher, because a row with one argument below it takes a scalar pass: measured on
     * LstmBench, no argument in the tail costs nothing, every argument in it 20% more CPU per step.
     */
    static final float SIGMOID_TAIL = -8;

    private FloatGateMath() {}

    static float tanh(float v) {
        float x = Math.max(-CLAMP, Math.min(CLAMP, v));
        float x2 = x * x;
        float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
        p = x2 * p + -8.60467152213735e-11f;
        p = x2 * p + 5.12229709037114e-08f;
        p = x2 * p + 1.48572235717979e-05f;
        p = x2 * p + 6.37261928875436e-04f;
        p = x2 * p + 4.89352455891786e-03f;
        float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
        q = x2 * q + 2.26843463243900e-03f;
        q = x2 * q + 4.89352518554385e-03f;
        // Scaled by 2^64 and back: p(0) ≈ 4.9e-3 takes x·p below the normal range for |x| < 2.4e-36
        // (104 ulp off near 2e-38, 0 for subnormal x). Powers of two scale exactly, so for every
        // larger |x| the result is bit for bit that of x·p/q (checked over every float).
        return x * 0x1p64f * p / q * 0x1p-64f;
    }

    /** The fast σ; see the class comment for its tail. */
    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    /** σ(x) for x &lt; 0 to float rounding: e^x/(1 + e^x) in double, no overflow, gradual underflow. */
    static float sigmoidTail(float x) {
        double e = Math.exp(x);
        return (float) (e / (1 + e));
    }
}
