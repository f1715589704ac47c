package io.sparknn.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 loops on the JDK Vector API that C2 does not vectorise by itself, for the generated
 * kernels to call where {@link Blas#vectorLoops} says so. Each gives the same answer as the plain
 * loop it replaces (no float sums: nothing here can change a bit). Loaded only when the JVM has
 * {@code jdk.incubator.vector}; the float64 overloads exist so that the generated twins compile,
 * and are never called ({@link Blas#vectorLoops} is false for float64).
 */
final class VectorLoops {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** The exponent bits of a float32: all ones for ±∞ and NaN, and only for them. */
    private static final int EXPONENT = 0x7f80_0000;
    /** Adding one to the exponent field carries into the sign bit exactly when the field is all ones. */
    private static final int EXPONENT_ONE = 0x0080_0000;
    /** The bits {@link Float#floatToIntBits} gives every NaN. */
    private static final int CANONICAL_NAN = 0x7fc0_0000;

    private VectorLoops() {}

    /**
     * Whether any of {@code v[off, off + count)} is NaN or infinite, as
     * {@code !Float.isFinite} on each: the exponent field plus one overflows into the sign bit
     * only for an exponent of all ones, so the lanes OR those sums together and the sign of the
     * result answers. The plain loop stops at the first such value and so runs one value at a time.
     */
    static boolean hasNonFinite(float[] v, int off, int count) {
        IntVector acc = IntVector.zero(I);
        int i = 0;
        for (int bound = F.loopBound(count); i < bound; i += F.length()) {
            IntVector bits = FloatVector.fromArray(F, v, off + i).reinterpretAsInts();
            acc = acc.or(bits.and(EXPONENT).add(EXPONENT_ONE));
        }
        boolean any = acc.lt(0).anyTrue();
        for (; i < count && !any; i++) {
            any = !Float.isFinite(v[off + i]);
        }
        return any;
    }

    /** Never called: {@link Blas#vectorLoops} is false for float64 (the generated float64 kernels name it). */
    static boolean hasNonFinite(double[] v, int off, int count) {
        throw new UnsupportedOperationException("float32 only");
    }

    /**
     * Max-pool forward as {@link FloatPoolKernels#maxForwardRows}: the same {@code argmax} (the
     * first maximum in row-major window order, by {@link OrderKeys}) and the same {@code y} bits.
     * {@code argmax} first gets each window's top-left input index; then a vector of outputs at
     * a time, lane q gathers its window's value at offset (i, j) through those indices, and a
     * lane moves to it only when its key is strictly greater (the key of the best so far is kept,
     * not recomputed). The scalar loop, with an output row of 4–12 values inside, gathered one
     * value at a time; on LeNet's pools this runs 1.3–2× faster (BENCHMARKS.md, issue 32).
     */
    static void maxPoolForward(Window2d g, float[] x, int count, float[] y, int[] argmax) {
        int outs = FloatPoolKernels.topLeft(g, count, argmax);
        int inW = g.inW();
        int o = 0;
        for (int bound = outs - F.length(); o <= bound; o += F.length()) {
            IntVector first = IntVector.fromArray(I, argmax, o);
            FloatVector bestValue = FloatVector.fromArray(F, x, 0, argmax, o);
            IntVector best = first;
            IntVector bestKey = orderKeys(bestValue);
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = i == 0 ? 1 : 0; j < g.kernelW(); j++) {
                    int at = i * inW + j;
                    FloatVector v = FloatVector.fromArray(F, x, at, argmax, o);
                    IntVector key = orderKeys(v);
                    VectorMask<Integer> above = key.compare(VectorOperators.GT, bestKey);
                    best = best.blend(first.add(at), above);
                    bestValue = bestValue.blend(v, above.cast(F));
                    bestKey = bestKey.max(key);
                }
            }
            best.intoArray(argmax, o);
            bestValue.intoArray(y, o);
        }
        for (; o < outs; o++) {
            int first = argmax[o];
            int best = first;
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = i == 0 ? 1 : 0; j < g.kernelW(); j++) {
                    int at = first + i * inW + j;
                    best = OrderKeys.of(x[at]) > OrderKeys.of(x[best]) ? at : best;
                }
            }
            argmax[o] = best;
            y[o] = x[best];
        }
    }

    /** Never called: {@link Blas#vectorLoops} is false for float64 (the generated float64 kernels name it). */
    static void maxPoolForward(Window2d g, double[] x, int count, double[] y, int[] argmax) {
        throw new UnsupportedOperationException("float32 only");
    }

    /** {@link OrderKeys#of(float)} lane by lane: −0 as +0, every NaN as the one {@link Float#floatToIntBits} gives. */
    private static IntVector orderKeys(FloatVector v) {
        FloatVector plusZero = v.add(0f);
        IntVector bits = plusZero.reinterpretAsInts()
                .blend(CANONICAL_NAN, plusZero.test(VectorOperators.IS_NAN).cast(I));
        return bits.lanewise(
                VectorOperators.XOR, bits.lanewise(VectorOperators.ASHR, 31).and(0x7fff_ffff));
    }
}
