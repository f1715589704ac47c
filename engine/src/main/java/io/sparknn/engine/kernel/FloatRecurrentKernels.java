package io.sparknn.engine.kernel;

import static io.sparknn.engine.FloatStorage.arrayOf;

/**
 * float32 {@link RecurrentKernels}; the float64 twin is generated from this file.
 *
 * <p>Why the copies and the many small loops: Java 17's C2 vectorizes a loop only if all its array
 * accesses share one offset expression ({@code x[off1 + j]} next to {@code y[off2 + j]} runs
 * scalar), and only if its body is small enough to be unrolled (a loop with two σ or tanh in it
 * runs scalar). Measured on the LSTM step at h = 256, both cost about 7×. So each example's rows
 * are copied (an intrinsic, cheap at these sizes) into the workspace's own arrays, computed there
 * at index {@code j} one activation per loop, and copied back.
 *
 * <p>Why each step method opens by naming its rows ({@code float[] si = r[0], …}): the loops must
 * index plain local arrays to stay in the form above (a row read through a field or a {@code r[k]}
 * inside the loop is what this class measured against), and each method gives the rows it uses its
 * own names (i, f, g, o; r, z, n; their gradients), one line per role. What the methods truly
 * share, the moves between a step's buffers and the rows ({@link #split}, {@link #join},
 * {@code load}, {@code store}, {@code storeH}), is one helper each.
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

        @Override
        public int hidden() {
            return r[0].length;
        }
    }

    @Override
    public Workspace workspace(int hidden) {
        return new Rows(hidden);
    }

    @Override
    public void lstmForward(Workspace ws, int n, LstmForward s) {
        int hidden = ws.hidden();
        float[][] r = ((Rows) ws).r;
        float[] si = r[0], sf = r[1], sg = r[2], so = r[3]; // the gates i, f, g, o
        float[] bi = r[4], bf = r[5], bg = r[6], bo = r[7]; // their biases
        float[] sc = r[8], st = r[9], sh = r[10]; // c, tanh(c), h
        float[] gv = arrayOf(s.gates().data());
        split(arrayOf(s.bias()), s.biasOff(), hidden, bi, bf, bg, bo);
        for (int e = 0; e < n; e++) {
            int gr = s.gates().row(e);
            split(gv, gr, hidden, si, sf, sg, so);
            load(s.cPrev(), e, sc, hidden);
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
            join(gv, gr, hidden, si, sf, sg, so);
            store(sc, s.c(), e, hidden);
            store(st, s.tanhC(), e, hidden);
            storeH(sh, s.h(), s.hCopy(), e, hidden);
        }
    }

    @Override
    public void lstmBackward(Workspace ws, int n, LstmBackward s) {
        int hidden = ws.hidden();
        float[][] r = ((Rows) ws).r;
        float[] si = r[0], sf = r[1], sg = r[2], so = r[3]; // the gates i, f, g, o, then their gradients
        float[] sc = r[4], st = r[5]; // c of the step before, tanh(c)
        float[] sdh = r[6], sdc = r[7], dg = r[8], dcPrev = r[9]; // dh, dc, dg, dc of the step before
        float[] gv = arrayOf(s.gates().data());
        float[] dcv = arrayOf(s.dc());
        for (int e = 0; e < n; e++) {
            int gr = s.gates().row(e);
            split(gv, gr, hidden, si, sf, sg, so);
            load(s.cPrev(), e, sc, hidden);
            load(s.tanhC(), e, st, hidden);
            load(s.dh(), e, sdh, hidden);
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
            join(gv, gr, hidden, si, sf, dg, so);
            System.arraycopy(dcPrev, 0, dcv, e * hidden, hidden);
        }
    }

    @Override
    public void gruForward(Workspace ws, int n, GruForward s) {
        int hidden = ws.hidden();
        float[][] r = ((Rows) ws).r;
        float[] sr = r[0], sz = r[1], sn = r[2]; // the input side of r, z, n, then the gates
        float[] hr = r[3], hz = r[4], hn = r[5]; // the hidden side
        float[] br = r[6], bz = r[7], bin = r[8], bhn = r[9]; // biases: r's and z's summed, n's two apart
        float[] sp = r[10], sh = r[11]; // h of the step before, h
        float[] av = arrayOf(s.a().data());
        float[] bv = arrayOf(s.b().data());
        float[] pv = arrayOf(s.bias());
        int bIhOff = s.bIhOff();
        int bHhOff = s.bHhOff();
        for (int j = 0; j < hidden; j++) {
            br[j] = pv[bIhOff + j] + pv[bHhOff + j];
            bz[j] = pv[bIhOff + hidden + j] + pv[bHhOff + hidden + j];
        }
        System.arraycopy(pv, bIhOff + 2 * hidden, bin, 0, hidden);
        System.arraycopy(pv, bHhOff + 2 * hidden, bhn, 0, hidden);
        for (int e = 0; e < n; e++) {
            int ar = s.a().row(e);
            int bw = s.b().row(e);
            split(av, ar, hidden, sr, sz, sn);
            split(bv, bw, hidden, hr, hz, hn);
            load(s.hPrev(), e, sp, hidden);
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
            join(av, ar, hidden, sr, sz, sn);
            System.arraycopy(hn, 0, bv, bw + 2 * hidden, hidden);
            storeH(sh, s.h(), s.hCopy(), e, hidden);
        }
    }

    @Override
    public void gruBackward(Workspace ws, int n, GruBackward s) {
        int hidden = ws.hidden();
        float[][] r = ((Rows) ws).r;
        float[] sr = r[0], sz = r[1], sn = r[2], hn = r[3]; // r, z, n and n's hidden side
        float[] sp = r[4], sdh = r[5], sq = r[6]; // h of the step before, dh, dh of the step before
        float[] dz = r[7], dr = r[8];
        float[] av = arrayOf(s.a().data());
        float[] bv = arrayOf(s.b().data());
        StepRows dhPrev = s.dhPrev();
        for (int e = 0; e < n; e++) {
            int ar = s.a().row(e);
            int bw = s.b().row(e);
            split(av, ar, hidden, sr, sz, sn);
            System.arraycopy(bv, bw + 2 * hidden, hn, 0, hidden);
            load(s.hPrev(), e, sp, hidden);
            load(s.dh(), e, sdh, hidden);
            // each gradient is written where no later loop reads the value it replaces
            for (int j = 0; j < hidden; j++) {
                float zj = sz[j];
                dz[j] = sdh[j] * (sp[j] - sn[j]) * zj * (1 - zj);
            }
            if (dhPrev != null) {
                load(dhPrev, e, sq, hidden);
                for (int j = 0; j < hidden; j++) {
                    sq[j] += sdh[j] * sz[j];
                }
                store(sq, dhPrev, e, hidden);
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
            join(av, ar, hidden, dr, dz, sn);
            join(bv, bw, hidden, dr, dz, hn);
        }
    }

    /** Example e's row of {@code rows} into {@code dst[0, h)}. */
    private static void load(StepRows rows, int e, float[] dst, int h) {
        System.arraycopy(arrayOf(rows.data()), rows.row(e), dst, 0, h);
    }

    /** {@code sh[0, h)}, the new h, into example e's row of {@code h} and of {@code hCopy} unless it is null. */
    private static void storeH(float[] sh, StepRows h, StepRows hCopy, int e, int hidden) {
        store(sh, h, e, hidden);
        if (hCopy != null) {
            store(sh, hCopy, e, hidden);
        }
    }

    /** {@code src[0, h)} into example e's row of {@code rows}. */
    private static void store(float[] src, StepRows rows, int e, int h) {
        System.arraycopy(src, 0, arrayOf(rows.data()), rows.row(e), h);
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

    /**
     * src[off, off + k·h) into the k rows given, h values each: a step's gate block (i, f, g, o or
     * r, z, n) into one row per gate.
     */
    private static void split(float[] src, int off, int h, float[]... rows) {
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(src, off + k * h, rows[k], 0, h);
        }
    }

    /** The k rows given back into dst[off, off + k·h), as {@link #split} took them. */
    private static void join(float[] dst, int off, int h, float[]... rows) {
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(rows[k], 0, dst, off + k * h, h);
        }
    }
}
