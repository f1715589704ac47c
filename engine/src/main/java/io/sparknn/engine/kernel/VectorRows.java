package io.sparknn.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Short float32 row operations on the Vector API, elementwise (each lane's bits as the scalar loop's). Needs jdk.incubator.vector. */
final class VectorRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;

    private VectorRows() {
    }

    /** dst[d + q] += src[s + q] for q in [0, len). */
    static void add(float[] src, int s, float[] dst, int d, int len) {
        int q = 0;
        for (; q + S.length() <= len; q += S.length()) {
            FloatVector.fromArray(S, dst, d + q).add(FloatVector.fromArray(S, src, s + q)).intoArray(dst, d + q);
        }
        for (; q + 8 <= len; q += 8) {
            FloatVector.fromArray(S8, dst, d + q).add(FloatVector.fromArray(S8, src, s + q)).intoArray(dst, d + q);
        }
        for (; q < len; q++) {
            dst[d + q] += src[s + q];
        }
    }

    /** dst[d + q] = src[s + q] for q in [0, len). */
    static void copy(float[] src, int s, float[] dst, int d, int len) {
        int q = 0;
        for (; q + S.length() <= len; q += S.length()) {
            FloatVector.fromArray(S, src, s + q).intoArray(dst, d + q);
        }
        for (; q + 8 <= len; q += 8) {
            FloatVector.fromArray(S8, src, s + q).intoArray(dst, d + q);
        }
        for (; q < len; q++) {
            dst[d + q] = src[s + q];
        }
    }
}
