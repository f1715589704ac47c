package io.sparknn.engine.train;

import io.sparknn.engine.DoubleStorage;
import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/**
 * bfloat16: a float32's sign, its 8-bit exponent and the top 7 bits of its significand, in 16 bits;
 * how a gradient travels on the trainer's {@code bfloat16} wire ({@link ShardResult#gradBfloat16}).
 * Widening is exact (the 16 bits followed by 16 zero bits are a float32, and a float32 is a double);
 * narrowing rounds to nearest, ties to even, as IEEE 754 does:
 *
 * <ul>
 *   <li>a value beyond the largest finite bfloat16 (3.3895e38) by half a unit in the last place or
 *       more becomes ±∞ (the largest float32 does); ±∞ stays ±∞; −0 stays −0;
 *   <li>subnormals round like any other value (the exponent range is float32's, so float32's
 *       subnormals round to bfloat16's, and a float32 below 2^−134 to ±0);
 *   <li>a NaN stays a NaN with its sign and the top of its payload, made quiet (the significand's
 *       top bit set): cutting a float32 signalling NaN whose payload lies in its low 16 bits would
 *       otherwise give ±∞;
 *   <li>a double is rounded once, not through float32 (which would round twice): it is first
 *       rounded to float32 towards odd, which keeps enough bits for the second rounding to be the
 *       correct one (Boldo and Melquiond, 2008), then to bfloat16; the NaN rule takes the double's
 *       sign and the top 6 bits of its payload.
 * </ul>
 */
public final class Bfloat16 {
    /** The top bit of a bfloat16's significand: set in every NaN narrowed here (a quiet NaN). */
    static final short QUIET = 0x0040;

    private Bfloat16() {}

    /** {@code f} rounded to nearest bfloat16, ties to even. */
    public static short round(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | QUIET);
        }
        // adding 0x7fff, plus 1 when the kept part is odd, carries into the kept part exactly when
        // the cut part is above half, or half and the kept part odd; a carry out of the significand
        // raises the exponent (to ∞ past the largest finite value)
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /** {@code d} rounded to nearest bfloat16, ties to even (once: see the class comment). */
    public static short round(double d) {
        if (Double.isNaN(d)) {
            long bits = Double.doubleToRawLongBits(d);
            int sign = (int) (bits >>> 48) & 0x8000;
            return (short) (sign | 0x7f80 | QUIET | (int) (bits >>> 45) & 0x3f);
        }
        return round(toOdd(d));
    }

    /**
     * {@code d} rounded to float32 towards odd: exact values stay, an inexact one becomes whichever
     * of its two float32 neighbours has an odd significand (the largest finite float32 for a finite
     * value beyond it).
     */
    static float toOdd(double d) {
        float f = (float) d;
        if ((double) f == d) {
            return f; // exact, or ±∞
        }
        int bits = Float.floatToRawIntBits(f);
        if (Float.isInfinite(f)) {
            bits = (bits & 0x8000_0000) | 0x7f7f_ffff;
        } else if ((bits & 1) == 0) {
            // f is d's nearer neighbour: the other one is a step away from f towards d (bits hold
            // sign and magnitude, so one less is one step towards zero)
            bits += Math.abs((double) f) > Math.abs(d) ? -1 : 1;
        }
        return Float.intBitsToFloat(bits);
    }

    /** The float32 (exactly) that {@code h} is. */
    public static float toFloat(short h) {
        return Float.intBitsToFloat(h << 16);
    }

    /** {@code values} rounded. */
    public static short[] round(float[] values, int from, int to) {
        short[] out = new short[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = round(values[i]);
        }
        return out;
    }

    /** {@code values} rounded. */
    public static short[] round(double[] values, int from, int to) {
        short[] out = new short[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = round(values[i]);
        }
        return out;
    }

    /** {@code values} widened to {@code precision}: exact, for the receiver to add in its own precision. */
    public static Storage widen(short[] values, Precision precision) {
        if (precision == Precision.FLOAT32) {
            float[] out = new float[values.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = toFloat(values[i]);
            }
            return new FloatStorage(out);
        }
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = toFloat(values[i]);
        }
        return new DoubleStorage(out);
    }

    /**
     * {@code r}'s gradient, as it travels on the {@code bfloat16} wire: rounded into
     * {@link ShardResult#gradBfloat16} and the float32 or float64 array dropped (null stays null: a
     * sum skips a result without a gradient); returns {@code r}.
     */
    public static ShardResult narrow(ShardResult r) {
        if (r.gradFloat != null) {
            r.gradBfloat16 = round(r.gradFloat, 0, r.gradFloat.length);
            r.gradFloat = null;
        } else if (r.gradDouble != null) {
            r.gradBfloat16 = round(r.gradDouble, 0, r.gradDouble.length);
            r.gradDouble = null;
        }
        return r;
    }
}
