package io.sparknn.engine.kernel;

/**
 * Branch-free selects for the activation kernels: the JIT compiles a data-dependent float select
 * ({@code v > 0 ? v : 0}) on x86-64 as a jump, which activations of random sign mispredict about
 * half the time. Each overload has a float and a double twin, so a {@code Float*Kernels} source
 * stays valid after its float64 twin is generated.
 */
final class Masks {
    private Masks() {}

    /**
     * All ones where the float with these bits is {@code > 0}, i.e. bits in [1, +∞'s bits]; NaN, ±0
     * and negatives (sign bit set: negative as an int, or the smallest int for −0) give all zeros.
     */
    private static int positive(int bits) {
        return ~((bits - 1) >> 31) & ((bits - 0x7f800001) >> 31);
    }

    private static long positive(long bits) {
        return ~((bits - 1) >> 63) & ((bits - 0x7ff0000000000001L) >> 63);
    }

    /** Exactly {@code x > 0 ? v : 0} (+0 otherwise, v's own bits where x > 0). */
    static float ifPositive(float x, float v) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(v) & positive(Float.floatToRawIntBits(x)));
    }

    static double ifPositive(double x, double v) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(v) & positive(Double.doubleToRawLongBits(x)));
    }
}
