package io.sparknn.engine.kernel;

/**
 * Integer keys ordered as the floating-point values they come from, so kernels can compare with
 * integer selects, which the JIT compiles without branches; a data-dependent float comparison
 * becomes a branch that random activations mispredict about half the time. Both overloads return
 * {@code long}, so a {@code Float*Kernels} source stays valid after its float64 twin is generated.
 */
final class OrderKeys {
    private OrderKeys() {}

    /** Ordered as v; −0 equals +0; every NaN is above +∞ (so a NaN wins a maximum). */
    static long of(float v) {
        int b = Float.floatToIntBits(v + 0.0f);
        return b ^ ((b >> 31) & 0x7fffffff);
    }

    /** As {@link #of(float)}. */
    static long of(double v) {
        long b = Double.doubleToLongBits(v + 0.0);
        return b ^ ((b >> 63) & 0x7fffffffffffffffL);
    }
}
