package io.sparknn.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
}
