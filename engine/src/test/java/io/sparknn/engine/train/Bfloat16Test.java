package io.sparknn.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.DoubleStorage;
import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Precision;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Bfloat16} rounds to nearest, ties to even, at every edge: checked against PyTorch 1.13's
 * {@code Tensor.to(torch.bfloat16)} ({@code golden/bfloat16.txt}, float32 inputs) and against a
 * reference written here with exact decimal arithmetic (the 32,641 finite non-negative bfloat16
 * values built from their exponent and significand, the nearest found by comparing distances), for
 * float32 and float64 inputs. Expected bits are written as hex where the edge is the point.
 */
class Bfloat16Test {
    /** Every finite bfloat16 ≥ 0 by its bits (0 … 0x7f7f), then 2^128 (where ∞'s bits 0x7f80 sit). */
    private static final BigDecimal[] VALUES = values();

    private static BigDecimal[] values() {
        BigDecimal[] v = new BigDecimal[0x7f81];
        for (int h = 0; h <= 0x7f80; h++) {
            int e = h >> 7;
            int m = h & 0x7f;
            // subnormal: m·2^−133; normal: (128 + m)·2^(e − 134)
            v[h] = times2(BigDecimal.valueOf(e == 0 ? m : 128 + m), e == 0 ? -133 : e - 134);
        }
        return v;
    }

    private static BigDecimal times2(BigDecimal x, int power) {
        BigDecimal p = BigDecimal.valueOf(2).pow(Math.abs(power));
        return power >= 0 ? x.multiply(p) : x.divide(p);
    }

    /** The reference: {@code x} (finite) to the nearest bfloat16, ties to the even significand. */
    private static short reference(double x) {
        int sign = Double.doubleToRawLongBits(x) < 0 ? 0x8000 : 0;
        BigDecimal a = new BigDecimal(x).abs();
        int lo = 0;
        int hi = VALUES.length - 1;
        if (a.compareTo(VALUES[hi]) >= 0) {
            return (short) (sign | 0x7f80);
        }
        while (hi - lo > 1) { // VALUES[lo] <= a < VALUES[hi]
            int mid = (lo + hi) >>> 1;
            if (VALUES[mid].compareTo(a) <= 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        int c = a.subtract(VALUES[lo]).compareTo(VALUES[hi].subtract(a));
        int h = c < 0 ? lo : c > 0 ? hi : (lo % 2 == 0 ? lo : hi);
        return (short) (sign | h);
    }

    private static short bits(int floatBits) {
        return Bfloat16.round(Float.intBitsToFloat(floatBits));
    }

    private static String hex(short h) {
        return String.format("%04x", h & 0xffff);
    }

    @Test
    void float32RoundsAsPyTorchDoes() throws Exception {
        int lines = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(getClass().getResourceAsStream("/golden/bfloat16.txt")),
                StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" ");
                int x = Integer.parseUnsignedInt(f[0], 16);
                assertEquals(f[1], hex(bits(x)), "float32 bits " + f[0]);
                lines++;
            }
        }
        assertTrue(lines > 4000, lines + " golden lines");
    }

    @Test
    void tiesGoToTheEvenSignificand() {
        assertEquals("3f80", hex(bits(0x3f80_8000)), "1 + 2^−8, half way to 1 + 2^−7: down to even 1");
        assertEquals("3f82", hex(bits(0x3f81_8000)), "half way between 0x3f81 and 0x3f82: up to even");
        assertEquals("3f81", hex(bits(0x3f80_8001)), "just above half: up");
        assertEquals("3f81", hex(bits(0x3f81_7fff)), "just below half: down");
        assertEquals("bf82", hex(bits(0xbf81_8000)), "negative ties as their magnitude");
        assertEquals("4000", hex(bits(0x3fff_8000)), "a tie carried into the exponent: 2");
    }

    @Test
    void subnormalsRoundOnTheSameGrid() {
        assertEquals("0000", hex(bits(0x0000_0001)), "the smallest float32 subnormal: 0");
        assertEquals("8000", hex(bits(0x8000_0001)), "its negative: −0");
        assertEquals("0000", hex(bits(0x0000_8000)), "half the smallest bfloat16 subnormal: tie, to even 0");
        assertEquals("0001", hex(bits(0x0000_8001)), "above half: the smallest bfloat16 subnormal");
        assertEquals("0002", hex(bits(0x0001_8000)), "tie between subnormals 1 and 2: to 2");
        assertEquals("0080", hex(bits(0x007f_ffff)), "the largest float32 subnormal: up to the smallest normal");
        assertEquals("007f", hex(bits(0x007f_0000)), "the largest bfloat16 subnormal stays");
    }

    @Test
    void theLargestFiniteValuesAndOverflow() {
        assertEquals("7f7f", hex(bits(0x7f7f_0000)), "the largest finite bfloat16 stays");
        assertEquals("7f7f", hex(bits(0x7f7f_7fff)), "below half an ulp above it: stays finite");
        assertEquals("7f80", hex(bits(0x7f7f_8000)), "half an ulp above: a tie whose even neighbour is 2^128: ∞");
        assertEquals("7f80", hex(Bfloat16.round(Float.MAX_VALUE)), "the largest float32 overflows to ∞");
        assertEquals("ff80", hex(Bfloat16.round(-Float.MAX_VALUE)), "and to −∞");
        assertEquals("7f80", hex(Bfloat16.round(Float.POSITIVE_INFINITY)));
        assertEquals("ff80", hex(Bfloat16.round(Float.NEGATIVE_INFINITY)));
        assertEquals("7f80", hex(Bfloat16.round(Double.MAX_VALUE)), "a double beyond float32's range: ∞");
        assertEquals("ff80", hex(Bfloat16.round(-1e300)));
        assertEquals("7f80", hex(Bfloat16.round(Double.POSITIVE_INFINITY)));
    }

    @Test
    void zerosKeepTheirSign() {
        assertEquals("0000", hex(Bfloat16.round(0f)));
        assertEquals("8000", hex(Bfloat16.round(-0f)));
        assertEquals("8000", hex(Bfloat16.round(-0d)));
        assertEquals("8000", hex(Bfloat16.round(-1e-300)), "a double underflowing to −0");
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Bfloat16.toFloat(Bfloat16.round(-0f))));
    }

    @Test
    void nanStaysAQuietNanWithItsSignAndPayloadTop() {
        // truncating these two would give ±∞: their payload lies in the low 16 bits
        assertEquals("7fc0", hex(bits(0x7f80_0001)));
        assertEquals("ffc0", hex(bits(0xff80_0001)));
        assertEquals("7fe0", hex(bits(0x7fa0_0000)), "a signalling NaN: quieted, its payload top kept");
        assertEquals("7fc1", hex(bits(0x7fc1_2345)), "a quiet NaN: its top bits");
        assertEquals("7fff", hex(bits(0x7fff_ffff)), "the all-ones payload does not carry into the sign");
        assertEquals("7fc0", hex(Bfloat16.round(Double.longBitsToDouble(0x7ff0_0000_0000_0001L))));
        assertEquals("ffc0", hex(Bfloat16.round(Double.longBitsToDouble(0xfff0_0000_0000_0001L))));
        assertEquals("7fe0", hex(Bfloat16.round(Double.longBitsToDouble(0x7ff4_0000_0000_0000L))));
        assertEquals("7fff", hex(Bfloat16.round(Double.longBitsToDouble(0x7fff_ffff_ffff_ffffL))));
        assertTrue(Float.isNaN(Bfloat16.toFloat(bits(0x7f80_0001))));
    }

    /** Random bit patterns (every exponent alike) and values near 1, against the exact reference. */
    @Test
    void float32AgreesWithTheExactReference() {
        SplittableRandom random = new SplittableRandom(24);
        for (int i = 0; i < 20_000; i++) {
            int x = i % 2 == 0 ? random.nextInt() : 0x3f80_0000 + random.nextInt(1 << 16);
            float f = Float.intBitsToFloat(x);
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals(hex(reference(f)), hex(Bfloat16.round(f)), "float32 bits " + Integer.toHexString(x));
        }
    }

    /**
     * Doubles are rounded once: at a midpoint between two bfloat16s plus or minus a little less than
     * half a float32 ulp, rounding to float32 first lands on the midpoint and then ties the wrong
     * way. Each case checks that it is such a case.
     */
    @Test
    void float64RoundsOnceNotThroughFloat32() {
        SplittableRandom random = new SplittableRandom(7);
        int doubleRoundingCases = 0;
        for (int i = 0; i < 4_000; i++) {
            int h = random.nextInt(0x7f7f); // a finite bfloat16 below the largest
            double lo = VALUES[h].doubleValue();
            double hi = VALUES[h + 1].doubleValue();
            double mid = lo + (hi - lo) / 2; // exact: fewer than 53 significant bits
            double tiny = Math.ulp(mid) * 1024;
            for (double d : new double[] {mid, mid + tiny, mid - tiny, -(mid + tiny), Math.nextUp(mid)}) {
                short expected = reference(d);
                assertEquals(hex(expected), hex(Bfloat16.round(d)), "double " + d + " between " + h + " and next");
                if (Bfloat16.round((float) d) != expected) {
                    doubleRoundingCases++;
                }
            }
        }
        assertTrue(doubleRoundingCases > 1000, doubleRoundingCases + " cases that rounding via float32 gets wrong");
        double max = VALUES[0x7f7f].doubleValue();
        double halfUlp = (VALUES[0x7f80].doubleValue() - max) / 2;
        assertEquals("7f7f", hex(Bfloat16.round(max + halfUlp - Math.ulp(max))), "just below the overflow threshold");
        assertNotEquals(
                (short) 0x7f7f, Bfloat16.round((float) (max + halfUlp - Math.ulp(max))), "via float32: ∞, wrongly");
        assertEquals("7f80", hex(Bfloat16.round(max + halfUlp)));
        assertEquals("0001", hex(Bfloat16.round(0x1p-134 + 0x1p-180)), "above half the smallest subnormal");
        assertEquals("0000", hex(Bfloat16.round(0x1p-134)), "exactly half: to even 0");
        SplittableRandom anyDouble = new SplittableRandom(11);
        for (int i = 0; i < 10_000; i++) {
            // exponents around float32's range, where both roundings happen
            double d = Math.scalb(anyDouble.nextDouble(1, 2), anyDouble.nextInt(-160, 140))
                    * (anyDouble.nextBoolean() ? 1 : -1);
            assertEquals(hex(reference(d)), hex(Bfloat16.round(d)), "double " + d);
        }
    }

    @Test
    void wideningIsExactAndNarrowingItBackGivesTheSameBits() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Bfloat16.toFloat((short) h);
            if (Float.isNaN(f)) {
                assertEquals(h | 0x0040, Bfloat16.round(f) & 0xffff, "a NaN comes back quiet");
                continue;
            }
            assertEquals(hex((short) h), hex(Bfloat16.round(f)));
            assertEquals(hex((short) h), hex(Bfloat16.round((double) f)));
            if (h < 0x7f80) {
                assertEquals(0, VALUES[h].compareTo(new BigDecimal(f)), "bits " + hex((short) h));
            }
        }
        short[] w = {Bfloat16.round(1.5f), Bfloat16.round(-0f), Bfloat16.round(Float.NEGATIVE_INFINITY)};
        assertArrayEquals(
                new float[] {1.5f, -0f, Float.NEGATIVE_INFINITY},
                ((FloatStorage) Bfloat16.widen(w, Precision.FLOAT32)).data);
        assertArrayEquals(
                new double[] {1.5, -0d, Double.NEGATIVE_INFINITY},
                ((DoubleStorage) Bfloat16.widen(w, Precision.FLOAT64)).data);
    }

    @Test
    void narrowingAResultReplacesItsGradientAndLeavesNoGradientAlone() {
        ShardResult r = ShardResult.empty(3);
        r.gradFloat = new float[] {1f, Float.intBitsToFloat(0x3f80_8001)};
        Bfloat16.narrow(r);
        assertNull(r.gradFloat);
        assertArrayEquals(new short[] {0x3f80, 0x3f81}, r.gradBfloat16);
        ShardResult d = ShardResult.empty(1);
        d.gradDouble = new double[] {-2.0};
        Bfloat16.narrow(d);
        assertNull(d.gradDouble);
        assertArrayEquals(new short[] {(short) 0xc000}, d.gradBfloat16);
        ShardResult none = Bfloat16.narrow(ShardResult.empty(0));
        assertNull(none.gradBfloat16, "a shard without examples stays without a gradient");
    }
}
