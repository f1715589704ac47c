package io.sparknn.engine.kernel;

import static io.sparknn.engine.FloatStorage.arrayOf;

import io.sparknn.engine.Storage;

/**
 * float32 {@link RecurrentKernels}; the float64 twin is generated from this file.
 *
 * <p>Why the copies and the many small loops: Java 17's C2 vectorizes a loop only if all its array
 * accesses share one offset expression ({@code x[off1 + j]} next to {@code y[off2 + j]} runs
 * scalar), and only if its body is small enough to be unrolled (a loop with two σ or tanh in it
 * runs scalar). Measured on the LSTM step at h = 256, both cost about 7×. So each example's rows
 * are copied (an intrinsic, cheap at these sizes) into the workspace's own arrays, computed there
 * at index {@code j} one activation per loop, and copied back.
 */
final class FloatRecurrentKernels implements RecurrentKernels {
    public static final FloatRecurrentKernels INSTANCE = new FloatRecurrentKernels();
    private static final int ROWS = 12;

    private FloatRecurrentKernels() {}

    /** ROWS scratch rows of {@code hidden} values. */
    private static final class Rows implements Workspace {
        final float[][] r;

        Rows(int hidden) {
            r = new float[ROWS][hidden];
        }
    }

    @Override
    public Workspace workspace(int hidden) {
        return new Rows(hidden);
    }

    @Override
    public void lstmForward(
            Workspace ws,
            int n,
            int hidden,
            Storage g,
            int gOff,
            int gStride,
            Storage bias,
            int biasOff,
            Storage c,
            int cPrevOff,
            int cOff,
            int cStride,
            Storage tc,
            int tcOff,
            Storage h,
            int hOff,
            Storage hCopy,
            int hCopyOff,
            int hStride) {
        float[][] r = ((Rows) ws).r;
        float[] si = r[0];
        float[] sf = r[1];
        float[] sg = r[2];
        float[] so = r[3];
        float[] bi = r[4];
        float[] bf = r[5];
        float[] bg = r[6];
        float[] bo = r[7];
        float[] sc = r[8];
        float[] st = r[9];
        float[] sh = r[10];
        float[] gv = arrayOf(g);
        float[] cv = arrayOf(c);
        split4(arrayOf(bias), biasOff, hidden, bi, bf, bg, bo);
        for (int e = 0; e < n; e++) {
            int gr = gOff + e * gStride;
            split4(gv, gr, hidden, si, sf, sg, so);
            System.arraycopy(cv, cPrevOff + e * cStride, sc, 0, hidden);
            sigmoidPlus(si, bi, hidden, gv, gr);
            sigmoidPlus(sf, bf, hidden, gv, gr + hidden);
            tanhPlus(sg, bg, hidden);
            sigmoidPlus(so, bo, hidden, gv, gr + 3 * hidden);
            for (int j = 0; j < hidden; j++) {
                sc[j] = sf[j] * sc[j] + si[j] * sg[j];
            }
            for (int j = 0; j < hidden; j++) {
                st[j] = FloatGateMath.tanh(sc[j]);
            }
            for (int j = 0; j < hidden; j++) {
                sh[j] = so[j] * st[j];
            }
            join4(si, sf, sg, so, gv, gr, hidden);
            System.arraycopy(sc, 0, cv, cOff + e * cStride, hidden);
            int hr = e * hStride;
            System.arraycopy(st, 0, arrayOf(tc), tcOff + hr, hidden);
            System.arraycopy(sh, 0, arrayOf(h), hOff + hr, hidden);
            if (hCopy != null) {
                System.arraycopy(sh, 0, arrayOf(hCopy), hCopyOff + hr, hidden);
            }
        }
    }

    @Override
    public void lstmBackward(
            Workspace ws,
            int n,
            int hidden,
            Storage g,
            int gOff,
            int gStride,
            Storage c,
            int cPrevOff,
            int cStride,
            Storage tc,
            int tcOff,
            Storage dh,
            int dhOff,
            int hStride,
            Storage dc) {
        float[][] r = ((Rows) ws).r;
        float[] si = r[0];
        float[] sf = r[1];
        float[] sg = r[2];
        float[] so = r[3];
        float[] sc = r[4];
        float[] st = r[5];
        float[] sdh = r[6];
        float[] sdc = r[7];
        float[] dg = r[8];
        float[] dcPrev = r[9];
        float[] gv = arrayOf(g);
        float[] dcv = arrayOf(dc);
        for (int e = 0; e < n; e++) {
            int gr = gOff + e * gStride;
            int hr = e * hStride;
            split4(gv, gr, hidden, si, sf, sg, so);
            System.arraycopy(arrayOf(c), cPrevOff + e * cStride, sc, 0, hidden);
            System.arraycopy(arrayOf(tc), tcOff + hr, st, 0, hidden);
            System.arraycopy(arrayOf(dh), dhOff + hr, sdh, 0, hidden);
            System.arraycopy(dcv, e * hidden, sdc, 0, hidden);
            // sdc becomes dc' (the cell's full gradient), so becomes do
            for (int j = 0; j < hidden; j++) {
                float t = st[j];
                float o = so[j];
                float dhj = sdh[j];
                sdc[j] += dhj * o * (1 - t * t);
                so[j] = dhj * t * o * (1 - o);
            }
            // di needs g and dg needs i: dg goes to its own row
            for (int j = 0; j < hidden; j++) {
                float gg = sg[j];
                dg[j] = sdc[j] * si[j] * (1 - gg * gg);
            }
            for (int j = 0; j < hidden; j++) {
                float i = si[j];
                si[j] = sdc[j] * sg[j] * i * (1 - i);
            }
            for (int j = 0; j < hidden; j++) {
                float f = sf[j];
                dcPrev[j] = sdc[j] * f;
                sf[j] = sdc[j] * sc[j] * f * (1 - f);
            }
            join4(si, sf, dg, so, gv, gr, hidden);
            System.arraycopy(dcPrev, 0, dcv, e * hidden, hidden);
        }
    }

    @Override
    public void gruForward(
            Workspace ws,
            int n,
            int hidden,
            Storage a,
            int aOff,
            Storage b,
            int bOff,
            int gStride,
            Storage bias,
            int bIhOff,
            int bHhOff,
            Storage hPrev,
            int hPrevOff,
            Storage h,
            int hOff,
            Storage hCopy,
            int hCopyOff,
            int hStride) {
        float[][] r = ((Rows) ws).r;
        float[] sr = r[0];
        float[] sz = r[1];
        float[] sn = r[2];
        float[] hr = r[3];
        float[] hz = r[4];
        float[] hn = r[5];
        float[] br = r[6];
        float[] bz = r[7];
        float[] bin = r[8];
        float[] bhn = r[9];
        float[] sp = r[10];
        float[] sh = r[11];
        float[] av = arrayOf(a);
        float[] bv = arrayOf(b);
        float[] pv = arrayOf(bias);
        for (int j = 0; j < hidden; j++) {
            br[j] = pv[bIhOff + j] + pv[bHhOff + j];
            bz[j] = pv[bIhOff + hidden + j] + pv[bHhOff + hidden + j];
        }
        System.arraycopy(pv, bIhOff + 2 * hidden, bin, 0, hidden);
        System.arraycopy(pv, bHhOff + 2 * hidden, bhn, 0, hidden);
        for (int e = 0; e < n; e++) {
            int ar = aOff + e * gStride;
            int bw = bOff + e * gStride;
            int row = e * hStride;
            split3(av, ar, hidden, sr, sz, sn);
            split3(bv, bw, hidden, hr, hz, hn);
            System.arraycopy(arrayOf(hPrev), hPrevOff + row, sp, 0, hidden);
            sigmoidPlus(sr, hr, br, hidden, av, ar);
            sigmoidPlus(sz, hz, bz, hidden, av, ar + hidden);
            for (int j = 0; j < hidden; j++) {
                hn[j] += bhn[j];
            }
            for (int j = 0; j < hidden; j++) {
                sn[j] = FloatGateMath.tanh(sn[j] + bin[j] + sr[j] * hn[j]);
            }
            for (int j = 0; j < hidden; j++) {
                sh[j] = sn[j] + sz[j] * (sp[j] - sn[j]);
            }
            split3Back(sr, sz, sn, av, ar, hidden);
            System.arraycopy(hn, 0, bv, bw + 2 * hidden, hidden);
            System.arraycopy(sh, 0, arrayOf(h), hOff + row, hidden);
            if (hCopy != null) {
                System.arraycopy(sh, 0, arrayOf(hCopy), hCopyOff + row, hidden);
            }
        }
    }

    @Override
    public void gruBackward(
            Workspace ws,
            int n,
            int hidden,
            Storage a,
            int aOff,
            Storage b,
            int bOff,
            int gStride,
            Storage hPrev,
            int hPrevOff,
            Storage dh,
            int dhOff,
            int hStride,
            Storage dhPrev,
            int dhPrevOff,
            int dhPrevStride) {
        float[][] r = ((Rows) ws).r;
        float[] sr = r[0];
        float[] sz = r[1];
        float[] sn = r[2];
        float[] hn = r[3];
        float[] sp = r[4];
        float[] sdh = r[5];
        float[] sq = r[6];
        float[] dz = r[7];
        float[] dr = r[8];
        float[] av = arrayOf(a);
        float[] bv = arrayOf(b);
        for (int e = 0; e < n; e++) {
            int ar = aOff + e * gStride;
            int bw = bOff + e * gStride;
            int row = e * hStride;
            split3(av, ar, hidden, sr, sz, sn);
            System.arraycopy(bv, bw + 2 * hidden, hn, 0, hidden);
            System.arraycopy(arrayOf(hPrev), hPrevOff + row, sp, 0, hidden);
            System.arraycopy(arrayOf(dh), dhOff + row, sdh, 0, hidden);
            // each gradient is written where no later loop reads the value it replaces
            for (int j = 0; j < hidden; j++) {
                float zj = sz[j];
                dz[j] = sdh[j] * (sp[j] - sn[j]) * zj * (1 - zj);
            }
            if (dhPrev != null) {
                System.arraycopy(arrayOf(dhPrev), dhPrevOff + e * dhPrevStride, sq, 0, hidden);
                for (int j = 0; j < hidden; j++) {
                    sq[j] += sdh[j] * sz[j];
                }
                System.arraycopy(sq, 0, arrayOf(dhPrev), dhPrevOff + e * dhPrevStride, hidden);
            }
            for (int j = 0; j < hidden; j++) {
                float cand = sn[j];
                sn[j] = sdh[j] * (1 - sz[j]) * (1 - cand * cand);
            }
            for (int j = 0; j < hidden; j++) {
                float rj = sr[j];
                dr[j] = sn[j] * hn[j] * rj * (1 - rj);
            }
            for (int j = 0; j < hidden; j++) {
                hn[j] = sn[j] * sr[j];
            }
            split3Back(dr, dz, sn, av, ar, hidden);
            split3Back(dr, dz, hn, bv, bw, hidden);
        }
    }

    /**
     * x = σ(x + b) over h values, where x holds a copy of src[off, off + h): the fast σ in one
     * vectorized loop that also finds the smallest argument, then the rare arguments below
     * {@link FloatGateMath#SIGMOID_TAIL} again with the accurate tail, from src (x is overwritten).
     */
    private static void sigmoidPlus(float[] x, float[] b, int h, float[] src, int off) {
        float lo = Float.POSITIVE_INFINITY;
        for (int j = 0; j < h; j++) {
            float v = x[j] + b[j];
            lo = Math.min(lo, v);
            x[j] = FloatGateMath.sigmoid(v);
        }
        if (lo < FloatGateMath.SIGMOID_TAIL) {
            for (int j = 0; j < h; j++) {
                float v = src[off + j] + b[j];
                if (v < FloatGateMath.SIGMOID_TAIL) {
                    x[j] = FloatGateMath.sigmoidTail(v);
                }
            }
        }
    }

    /** x = σ(x + y + b), as {@link #sigmoidPlus(float[], float[], int, float[], int)}. */
    private static void sigmoidPlus(float[] x, float[] y, float[] b, int h, float[] src, int off) {
        float lo = Float.POSITIVE_INFINITY;
        for (int j = 0; j < h; j++) {
            float v = x[j] + y[j] + b[j];
            lo = Math.min(lo, v);
            x[j] = FloatGateMath.sigmoid(v);
        }
        if (lo < FloatGateMath.SIGMOID_TAIL) {
            for (int j = 0; j < h; j++) {
                float v = src[off + j] + y[j] + b[j];
                if (v < FloatGateMath.SIGMOID_TAIL) {
                    x[j] = FloatGateMath.sigmoidTail(v);
                }
            }
        }
    }

    /** x = tanh(x + b) over h values. */
    private static void tanhPlus(float[] x, float[] b, int h) {
        for (int j = 0; j < h; j++) {
            x[j] = FloatGateMath.tanh(x[j] + b[j]);
        }
    }

    /** src[off, off + 4h) into four rows of h. */
    private static void split4(float[] src, int off, int h, float[] a, float[] b, float[] c, float[] e) {
        System.arraycopy(src, off, a, 0, h);
        System.arraycopy(src, off + h, b, 0, h);
        System.arraycopy(src, off + 2 * h, c, 0, h);
        System.arraycopy(src, off + 3 * h, e, 0, h);
    }

    private static void join4(float[] a, float[] b, float[] c, float[] e, float[] dst, int off, int h) {
        System.arraycopy(a, 0, dst, off, h);
        System.arraycopy(b, 0, dst, off + h, h);
        System.arraycopy(c, 0, dst, off + 2 * h, h);
        System.arraycopy(e, 0, dst, off + 3 * h, h);
    }

    private static void split3(float[] src, int off, int h, float[] a, float[] b, float[] c) {
        System.arraycopy(src, off, a, 0, h);
        System.arraycopy(src, off + h, b, 0, h);
        System.arraycopy(src, off + 2 * h, c, 0, h);
    }

    private static void split3Back(float[] a, float[] b, float[] c, float[] dst, int off, int h) {
        System.arraycopy(a, 0, dst, off, h);
        System.arraycopy(b, 0, dst, off + h, h);
        System.arraycopy(c, 0, dst, off + 2 * h, h);
    }
}
