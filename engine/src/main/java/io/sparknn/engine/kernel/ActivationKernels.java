package io.sparknn.engine.kernel;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/**
 * Element-wise activation loops over {@code count} values (softmax: over {@code rows} rows of
 * {@code width}); the float64 twin is generated. Backward loops take whichever of x or y the
 * derivative is cheapest from, as named in each signature.
 */
public interface ActivationKernels {

    static ActivationKernels of(Precision p) {
        return p == Precision.FLOAT32 ? FloatActivationKernels.INSTANCE : DoubleActivationKernels.INSTANCE;
    }

    /** y = max(0, x). */
    void reluForward(Storage x, Storage y, int count);

    /** dx = dy where x &gt; 0, else 0 (the derivative at 0 is taken as 0, as PyTorch). */
    void reluBackward(Storage x, Storage dy, Storage dx, int count);

    /** y = x for x &gt; 0, else slope·x. */
    void leakyReluForward(Storage x, Storage y, int count, double slope);

    /** dx = dy where x &gt; 0, else slope·dy (so slope at 0, as PyTorch's leaky_relu_backward). */
    void leakyReluBackward(Storage x, Storage dy, Storage dx, int count, double slope);

    /** y = 1 / (1 + e^−x), computed from e^−|x| so that no exponential overflows. */
    void sigmoidForward(Storage x, Storage y, int count);

    /** dx = dy · y · (1 − y). */
    void sigmoidBackward(Storage y, Storage dy, Storage dx, int count);

    /**
     * y = tanh(x): in float64 {@link Math#tanh}; in float32 the rational approximation the
     * recurrent kernels use (FloatGateMath), within 7 ulp of tanh rounded to float, keeping ±0 and NaN.
     */
    void tanhForward(Storage x, Storage y, int count);

    /** dx = dy · (1 − y²). */
    void tanhBackward(Storage y, Storage dy, Storage dx, int count);

    /** Per row of x: (rows, width), y = e^(x − max) / Σ e^(x − max); the sum is taken in double. */
    void softmaxForward(Storage x, Storage y, int rows, int width);

    /** Per row: dx = y ⊙ (dy − Σ_j dy_j·y_j), the softmax Jacobian-vector product. */
    void softmaxBackward(Storage y, Storage dy, Storage dx, int rows, int width);
}
