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

    /** True if any of v[off, off + count) is NaN or infinite: x − x is +0 for every finite x and NaN otherwise. */
    static boolean anyNonFinite(float[] v, int off, int count) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i + S.length() <= count; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, v, off + i);
            acc = acc.add(x.sub(x));
        }
        float[] lanes = acc.toArray();
        for (float lane : lanes) {
            if (lane != 0f) {
                return true;
            }
        }
        for (; i < count; i++) {
            if (!Float.isFinite(v[off + i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * The Adam update of {@link FloatOptimizerKernels#adam} without AMSGrad, lane by lane with the
     * scalar loop's operations in its order (no fused multiply-add; a float square root is the
     * double one rounded to float), so the same bits. Returns the first index it did not update.
     */
    static int adam(float[] pv, float[] gv, float[] mv, float[] vv, int count, float decay, boolean decoupled,
                    float l2, float b1, float b2, float c1, float c2, float stepSize, float bc2Sqrt, float e) {
        int i = 0;
        for (; i + S.length() <= count; i += S.length()) {
            FloatVector p = FloatVector.fromArray(S, pv, i);
            if (decoupled) {
                p = p.mul(decay);
            }
            FloatVector g = FloatVector.fromArray(S, gv, i);
            if (l2 != 0) {
                g = g.add(p.mul(l2));
            }
            FloatVector m = FloatVector.fromArray(S, mv, i).mul(b1).add(g.mul(c1));
            FloatVector v = FloatVector.fromArray(S, vv, i).mul(b2).add(g.mul(c2).mul(g));
            m.intoArray(mv, i);
            v.intoArray(vv, i);
            FloatVector denom = v.sqrt().div(bc2Sqrt).add(e);
            p.sub(m.mul(stepSize).div(denom)).intoArray(pv, i);
        }
        return i;
    }
}
