package io.sparknn.engine.kernel;

import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Storage;

/** float32 {@link RecurrentKernels}; the float64 twin is generated from this file. */
public final class FloatRecurrentKernels implements RecurrentKernels {
    public static final FloatRecurrentKernels INSTANCE = new FloatRecurrentKernels();

    private FloatRecurrentKernels() {
    }

    private static float[] d(Storage s) {
        return ((FloatStorage) s).data;
    }

    /** 1 / (1 + e^−x); saturates to exactly 0 or 1 without NaN. */
    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    /**
     * tanh through the intrinsic exp: Math.tanh is a native call on Java 17, several times slower.
     * Absolute error within a few ulps of 1, which is all a gate needs; ±1 exactly for large |x|.
     */
    private static float tanh(float x) {
        return (float) (1 - 2 / (Math.exp(2 * (double) x) + 1));
    }

    @Override
    public void fillRows(Storage dst, int rows, int width, Storage a, int aOff, Storage b, int bOff) {
        float[] out = d(dst);
        float[] av = d(a);
        if (b != null) {
            float[] bv = d(b);
            // the first row is the sum; the others copy it
            for (int j = 0; j < width; j++) {
                out[j] = av[aOff + j] + bv[bOff + j];
            }
        } else {
            System.arraycopy(av, aOff, out, 0, width);
        }
        for (int r = 1; r < rows; r++) {
            System.arraycopy(out, 0, out, r * width, width);
        }
    }

    @Override
    public void lstmForward(int n, int hidden, Storage g, int gOff, int gStride,
                            Storage c, int cPrevOff, int cOff, int cStride,
                            Storage tc, int tcOff, Storage h, int hOff, Storage hCopy, int hCopyOff, int hStride) {
        float[] gv = d(g);
        float[] cv = d(c);
        float[] tv = d(tc);
        float[] hv = d(h);
        float[] copy = hCopy == null ? null : d(hCopy);
        for (int e = 0; e < n; e++) {
            int gi = gOff + e * gStride;
            int cp = cPrevOff + e * cStride;
            int cc = cOff + e * cStride;
            int hi = e * hStride;
            for (int j = 0; j < hidden; j++) {
                float i = sigmoid(gv[gi + j]);
                float f = sigmoid(gv[gi + hidden + j]);
                float gg = tanh(gv[gi + 2 * hidden + j]);
                float o = sigmoid(gv[gi + 3 * hidden + j]);
                gv[gi + j] = i;
                gv[gi + hidden + j] = f;
                gv[gi + 2 * hidden + j] = gg;
                gv[gi + 3 * hidden + j] = o;
                float cell = f * cv[cp + j] + i * gg;
                float t = tanh(cell);
                cv[cc + j] = cell;
                tv[tcOff + hi + j] = t;
                hv[hOff + hi + j] = o * t;
            }
            if (copy != null) {
                System.arraycopy(hv, hOff + hi, copy, hCopyOff + hi, hidden);
            }
        }
    }

    @Override
    public void lstmBackward(int n, int hidden, Storage g, int gOff, int gStride,
                             Storage c, int cPrevOff, int cStride,
                             Storage tc, int tcOff, Storage dh, int dhOff, int hStride, Storage dc) {
        float[] gv = d(g);
        float[] cv = d(c);
        float[] tv = d(tc);
        float[] dhv = d(dh);
        float[] dcv = d(dc);
        for (int e = 0; e < n; e++) {
            int gi = gOff + e * gStride;
            int cp = cPrevOff + e * cStride;
            int hi = e * hStride;
            int ci = e * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = gv[gi + j];
                float f = gv[gi + hidden + j];
                float gg = gv[gi + 2 * hidden + j];
                float o = gv[gi + 3 * hidden + j];
                float t = tv[tcOff + hi + j];
                float dhj = dhv[dhOff + hi + j];
                float dct = dcv[ci + j] + dhj * o * (1 - t * t);
                gv[gi + j] = dct * gg * i * (1 - i);
                gv[gi + hidden + j] = dct * cv[cp + j] * f * (1 - f);
                gv[gi + 2 * hidden + j] = dct * i * (1 - gg * gg);
                gv[gi + 3 * hidden + j] = dhj * t * o * (1 - o);
                dcv[ci + j] = dct * f;
            }
        }
    }

    @Override
    public void gruForward(int n, int hidden, Storage a, int aOff, Storage b, int bOff, int gStride,
                           Storage hPrev, int hPrevOff, Storage h, int hOff, Storage hCopy, int hCopyOff, int hStride) {
        float[] av = d(a);
        float[] bv = d(b);
        float[] hp = d(hPrev);
        float[] hv = d(h);
        float[] copy = hCopy == null ? null : d(hCopy);
        for (int e = 0; e < n; e++) {
            int ai = aOff + e * gStride;
            int bi = bOff + e * gStride;
            int hi = e * hStride;
            for (int j = 0; j < hidden; j++) {
                float r = sigmoid(av[ai + j] + bv[bi + j]);
                float z = sigmoid(av[ai + hidden + j] + bv[bi + hidden + j]);
                float cand = tanh(av[ai + 2 * hidden + j] + r * bv[bi + 2 * hidden + j]);
                av[ai + j] = r;
                av[ai + hidden + j] = z;
                av[ai + 2 * hidden + j] = cand;
                hv[hOff + hi + j] = cand + z * (hp[hPrevOff + hi + j] - cand);
            }
            if (copy != null) {
                System.arraycopy(hv, hOff + hi, copy, hCopyOff + hi, hidden);
            }
        }
    }

    @Override
    public void gruBackward(int n, int hidden, Storage a, int aOff, Storage b, int bOff, int gStride,
                            Storage hPrev, int hPrevOff, Storage dh, int dhOff, int hStride,
                            Storage dhPrev, int dhPrevOff, int dhPrevStride) {
        float[] av = d(a);
        float[] bv = d(b);
        float[] hp = d(hPrev);
        float[] dhv = d(dh);
        float[] dp = dhPrev == null ? null : d(dhPrev);
        for (int e = 0; e < n; e++) {
            int ai = aOff + e * gStride;
            int bi = bOff + e * gStride;
            int hi = e * hStride;
            for (int j = 0; j < hidden; j++) {
                float r = av[ai + j];
                float z = av[ai + hidden + j];
                float cand = av[ai + 2 * hidden + j];
                float dhj = dhv[dhOff + hi + j];
                float dn = dhj * (1 - z) * (1 - cand * cand);
                float dz = dhj * (hp[hPrevOff + hi + j] - cand) * z * (1 - z);
                float dr = dn * bv[bi + 2 * hidden + j] * r * (1 - r);
                av[ai + j] = dr;
                av[ai + hidden + j] = dz;
                av[ai + 2 * hidden + j] = dn;
                bv[bi + j] = dr;
                bv[bi + hidden + j] = dz;
                bv[bi + 2 * hidden + j] = dn * r;
                if (dp != null) {
                    dp[dhPrevOff + e * dhPrevStride + j] += dhj * z;
                }
            }
        }
    }
}
