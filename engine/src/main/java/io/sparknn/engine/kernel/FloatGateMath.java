package io.sparknn.engine.kernel;

/**
 * Gate activations to float precision in plain arithmetic, so that loops over them vectorize: a call
 * to {@link Math#exp} keeps C2 from vectorizing a loop (with it, the element-wise part of an LSTM
 * step at h = 256 took 5× longer).
 * tanh is the clamped rational minimax approximation Eigen uses for float tanh (numerator degree 13,
 * denominator 6, on [−7.9053, 7.9053], beyond which float tanh is ±1): absolute error below 4e-7.
 * σ(x) = ½ + ½·tanh(x/2), absolute error below 2e-7. {@link FloatRecurrentKernels} calls these; its
 * generated float64 twin calls {@link DoubleGateMath} instead, which is exact to double rounding.
 */
final class FloatGateMath {
    private static final float CLAMP = 7.90531110763549805f;

    private FloatGateMath() {
    }

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
        return x * p / q;
    }

    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }
}
