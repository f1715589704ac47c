package io.sparknn.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float32 kernels that run on the Vector API when the module is there (this JVM has it) give
 * the bits of their plain loops, written out here as the float64 twins and JVMs without the module
 * run them: Adam's update, the non-finite check, and the row add and copy of col2im/im2col.
 */
class VectorRowsTest {
    private static final float[] SPECIAL = {0f, -0f, Float.MIN_VALUE, 1e-30f, 1f, -3.5f, 1e30f, Float.MAX_VALUE};

    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(8) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)]
                    : (float) ((r.nextDouble() - 0.5) * Math.scalb(1.0, r.nextInt(-10, 4)));
        }
        return v;
    }

    private static Storage storage(float[] v) {
        Storage s = Storage.allocate(Precision.FLOAT32, v.length);
        for (int i = 0; i < v.length; i++) {
            s.set(i, v[i]);
        }
        return s;
    }

    /** FloatOptimizerKernels.adam's loop as it is written, without AMSGrad. */
    private static void adamLoop(float[] pv, float[] gv, float[] mv, float[] vv, int count, double lr, double l2Wd,
                                 double decoupledWd, double beta1, double beta2, double eps, double bc1, double bc2) {
        float decay = (float) (1 - lr * decoupledWd);
        float l2 = (float) l2Wd;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float e = (float) eps;
        for (int i = 0; i < count; i++) {
            if (decoupledWd != 0) {
                pv[i] *= decay;
            }
            float gi = gv[i];
            if (l2 != 0) {
                gi += l2 * pv[i];
            }
            mv[i] = b1 * mv[i] + c1 * gi;
            vv[i] = b2 * vv[i] + c2 * gi * gi;
            float denom = (float) Math.sqrt(vv[i]) / bc2Sqrt + e;
            pv[i] -= stepSize * mv[i] / denom;
        }
    }

    @Test
    void adamGivesTheLoopsBits() {
        SplittableRandom r = new SplittableRandom(9);
        double[][] settings = {{1e-3, 0, 0}, {1e-3, 0.01, 0}, {2e-2, 0, 0.05}};
        for (double[] s : settings) {
            for (int count : new int[] {1, 15, 16, 17, 100, 1000}) {
                float[] p = values(r, count);
                float[] g = values(r, count);
                float[] m = values(r, count);
                float[] v = values(r, count);
                for (int i = 0; i < count; i++) {
                    v[i] = Math.abs(v[i]);
                }
                float[] pw = p.clone();
                float[] mw = m.clone();
                float[] vw = v.clone();
                adamLoop(pw, g, mw, vw, count, s[0], s[1], s[2], 0.9, 0.999, 1e-8, 1 - Math.pow(0.9, 7),
                        1 - Math.pow(0.999, 7));
                Storage ps = storage(p);
                Storage ms = storage(m);
                Storage vs = storage(v);
                FloatOptimizerKernels.INSTANCE.adam(ps, storage(g), ms, vs, null, count, s[0], s[1], s[2], 0.9, 0.999,
                        1e-8, 1 - Math.pow(0.9, 7), 1 - Math.pow(0.999, 7));
                for (int i = 0; i < count; i++) {
                    int at = i;
                    assertEquals(Float.floatToIntBits(pw[i]), Float.floatToIntBits((float) ps.get(i)), () -> "p[" + at + "]");
                    assertEquals(Float.floatToIntBits(mw[i]), Float.floatToIntBits((float) ms.get(i)), () -> "m[" + at + "]");
                    assertEquals(Float.floatToIntBits(vw[i]), Float.floatToIntBits((float) vs.get(i)), () -> "v[" + at + "]");
                }
            }
        }
    }

    @Test
    void nonFiniteFoundWhereverItIs() {
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0xffc00001)};
        for (int count : new int[] {1, 16, 40}) {
            float[] v = values(new SplittableRandom(count), count + 3);
            Storage s = storage(v);
            assertEquals(false, FloatTensorKernels.INSTANCE.hasNonFinite(s, 2, count));
            for (int at = 2; at < 2 + count; at++) {
                for (float b : bad) {
                    Storage t = storage(v);
                    t.set(at, b);
                    assertEquals(true, FloatTensorKernels.INSTANCE.hasNonFinite(t, 2, count), "at " + at + ": " + b);
                }
            }
            // outside the range does not count
            Storage t = storage(v);
            t.set(0, Float.NaN);
            t.set(2 + count, Float.POSITIVE_INFINITY);
            assertEquals(false, FloatTensorKernels.INSTANCE.hasNonFinite(t, 2, count));
        }
    }

    @Test
    void rowAddAndCopyAreElementwise() {
        SplittableRandom r = new SplittableRandom(11);
        for (int len = 0; len < 80; len++) {
            float[] src = values(r, len + 5);
            float[] dst = values(r, len + 7);
            float[] want = dst.clone();
            for (int q = 0; q < len; q++) {
                want[3 + q] += src[2 + q];
            }
            Rows.add(src, 2, dst, 3, len);
            for (int q = 0; q < dst.length; q++) {
                assertEquals(Float.floatToIntBits(want[q]), Float.floatToIntBits(dst[q]), "add len " + len + " at " + q);
            }
            float[] copy = values(r, len + 7);
            float[] wantCopy = copy.clone();
            System.arraycopy(src, 1, wantCopy, 4, len);
            Rows.copy(src, 1, copy, 4, len);
            for (int q = 0; q < copy.length; q++) {
                assertEquals(Float.floatToIntBits(wantCopy[q]), Float.floatToIntBits(copy[q]), "copy len " + len + " at " + q);
            }
        }
    }
}
