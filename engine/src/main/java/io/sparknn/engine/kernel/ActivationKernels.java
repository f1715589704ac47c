package io.sparknn.engine.kernel;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/** Element-wise activation loops over {@code count} values; the float64 twin is generated. */
public interface ActivationKernels {

    static ActivationKernels of(Precision p) {
        return p == Precision.FLOAT32 ? FloatActivationKernels.INSTANCE : DoubleActivationKernels.INSTANCE;
    }

    /** y = max(0, x). */
    void reluForward(Storage x, Storage y, int count);

    /** dx = dy where x &gt; 0, else 0 (the derivative at 0 is taken as 0, as PyTorch). */
    void reluBackward(Storage x, Storage dy, Storage dx, int count);
}
