package io.sparknn.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The engine's own float32 GEMM on the JDK Vector API: row-major
 * {@code C = alpha · op(A) · op(B) + beta · C}, blocked for the caches and packed (Goto's scheme:
 * a {@code kc × nc} block of op(B) packed into {@code NR}-wide panels, an {@code mc × kc} block of
 * op(A) into {@code MR}-tall panels, and an {@code MR × NR} register tile of accumulators).
 * {@code NR} is two vectors of the preferred species, chosen by the JVM at run time (16 floats with
 * AVX2, 32 with AVX-512).
 *
 * <p>Order of sums: every {@code C} element is its own accumulator, one vector lane, that starts at
 * +0 and takes {@code acc = fma(a[i][p], b[p][j], acc)} for p = 0, 1, …, k − 1, in that order
 * (between k blocks it is parked in a float32 buffer and reloaded, which loses nothing); there is no
 * lane reduction and k is never split. The result is then {@code alpha·acc + beta·c} in float32
 * (each product and the sum rounded; a factor of 1 is skipped, which changes no bit, and with
 * {@code beta = 0} C is not read). VectorGemmTest's reference is that definition written out; the two agree
 * bit for bit for every shape, transposition and stride, and the same call gives the same bits
 * whatever the thread running it.
 *
 * <p>{@code micro6} and {@code micro8} are the same loop written out for 6 and 8 rows, and stay
 * apart: C2 keeps a vector in a register only as a local variable of the compiled loop (a vector
 * kept in an array, or handed to a method C2 did not inline, is boxed on the heap, see
 * BENCHMARKS.md, issue 32), so each accumulator of the tile is a variable of its own, and one
 * method cannot serve both tile heights. Either height alone for both was measured slower
 * (2026-12-07, issue 19; {@code io.sparknn.bench.Sgemm --kernels vector --threads 1 --clock cpu},
 * a step's products, GFLOP/s per CPU-second, two rounds, a loaded machine): with AVX2
 * ({@code -XX:UseAVX=2}) 8 rows spill (16 accumulators, 2 B vectors and a broadcast need 19 of
 * the 16 registers), MLP 53.2 / 43.6 against 58.9 / 57.0 with 6, LeNet 43.9 / 36.1 against
 * 51.6 / 49.5; with AVX-512 6 rows leave registers unused, MLP 80.3 / 74.3 against 95.6 / 90.6
 * with 8, LeNet 66.6 / 62.9 against 75.7 / 75.7.
 *
 * <p>Loaded only when the JVM has {@code jdk.incubator.vector}; {@link Blas} decides.
 */
final class VectorGemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /**
     * Rows of the register tile: 6 × 2 accumulators + 2 B vectors + 1 broadcast fit the 16 vector
     * registers of AVX2 (and smaller species); with 16-float vectors (AVX-512, 32 registers) 8 rows.
     */
    static final int MR = L >= 16 ? 8 : 6;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a block: one B micro-panel (KC × NR floats) stays in the L1 cache. */
    static final int KC = 256;
    /** Rows of an A block (MC × KC floats) kept in L2. */
    static final int MC = 96;
    /** Columns of a B block. */
    static final int NC = 1024;

    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

    private VectorGemm() {}

    /** Per-thread packing buffers, grown as needed. */
    private static final class Work {
        float[] packA = new float[0];
        float[] packB = new float[0];
        float[] tiles = new float[0];
        final int[] strides = new int[NR];
        int stridesLd = -1;
        int stridesW = -1;
        final int[] rowStrides = new int[L];
        int rowStridesLd = -1;
        int rowStridesRows = -1;
        final int[] unfolded = new int[NR];
    }

    /**
     * Where a packed B panel comes from: a stored matrix ({@link MatrixB}) or the unfolded image of
     * a convolution, gathered straight from the image ({@link Unfolded}).
     */
    interface BSource {
        /**
         * Writes rows [p0, p0 + kc) of op(B)'s columns [j0, j0 + NR) into {@code dst} from {@code at}:
         * row p's NR values at {@code at + (p − p0)·NR}. Columns at or beyond n may hold any value: they
         * are computed but never stored, and no lane reads another.
         */
        void packPanel(float[] dst, int at, int p0, int kc, int j0, int n);
    }

    /** op(A) of a row-major matrix. */
    record MatrixA(boolean trans, float[] a, int off, int ld) {}

    /** op(B) of a row-major matrix. */
    record MatrixB(boolean trans, float[] b, int off, int ld) implements BSource {
        @Override
        public void packPanel(float[] dst, int at, int p0, int kc, int j0, int n) {
            int w = Math.min(NR, n - j0);
            if (!trans) {
                int src = off + p0 * ld + j0;
                if (w == NR) {
                    for (int p = 0; p < kc; p++, src += ld, at += NR) {
                        FloatVector.fromArray(S, b, src).intoArray(dst, at);
                        FloatVector.fromArray(S, b, src + L).intoArray(dst, at + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ld, at += NR) {
                        System.arraycopy(b, src, dst, at, w);
                        java.util.Arrays.fill(dst, at + w, at + NR, 0f);
                    }
                }
            } else {
                // op(B)[p][j] = b[j][p]: gather one depth of NR stored rows per two vectors. Columns
                // at or beyond n repeat column n − 1: they are never stored, and lanes do not mix.
                int[] idx = strides(ld, w);
                int src = off + j0 * ld + p0;
                for (int p = 0; p < kc; p++, at += NR) {
                    FloatVector.fromArray(S, b, src + p, idx, 0).intoArray(dst, at);
                    FloatVector.fromArray(S, b, src + p, idx, L).intoArray(dst, at + L);
                }
            }
        }
    }

    /**
     * op(B) = {@code col} or {@code colᵀ} of an unpadded convolution's im2col (see
     * {@link ConvKernels#im2col}), gathered from the images {@code x (count, channels, inH, inW)}
     * at {@code xOff} while a panel is packed, so the unfolded matrix is never written out. A
     * column of col, {@code e·outArea + oy·outW + ox}, starts at image offset
     * {@code e·inSize + oy·sh·inW + ox·sw}; a row, {@code (c·kh + i)·kw + j}, adds
     * {@code c·inArea + i·inW + j}. A panel packs the values im2col would have written, so the
     * product is the same bit for bit.
     */
    record Unfolded(boolean trans, Window2d g, float[] x, int xOff) implements BSource {
        Unfolded {
            if (g.padH() != 0 || g.padW() != 0) {
                throw new IllegalArgumentException("the fused unfolding reads no padding: " + g);
            }
        }

        /** Image offset of col's column j. */
        private int column(int j) {
            int area = g.outArea();
            int e = j / area;
            int r = j - e * area;
            int oy = r / g.outW();
            int ox = r - oy * g.outW();
            return xOff + e * g.inSize() + oy * g.strideH() * g.inW() + ox * g.strideW();
        }

        /** Offset within an image of col's row p. */
        private int row(int p) {
            int khw = g.kernelH() * g.kernelW();
            int c = p / khw;
            int r = p - c * khw;
            int i = r / g.kernelW();
            return c * g.inArea() + i * g.inW() + r - i * g.kernelW();
        }

        @Override
        public void packPanel(float[] dst, int at, int p0, int kc, int j0, int n) {
            // op(B)[p][j] = x[lane(j) + step(p)]: one gather per vector, lanes past n repeat n − 1
            int[] idx = WORK.get().unfolded;
            for (int q = 0; q < NR; q++) {
                int j = Math.min(j0 + q, n - 1);
                idx[q] = trans ? row(j) : column(j);
            }
            // walk p as two nested counters, inner (ox or j) and middle (oy or i), without dividing
            int innerLen = trans ? g.outW() : g.kernelW();
            int midLen = trans ? g.outH() : g.kernelH();
            int innerStep = trans ? g.strideW() : 1;
            int midStep = trans ? g.strideH() * g.inW() : g.inW();
            int outerStep = trans ? g.inSize() : g.inArea();
            int step = trans ? column(p0) : row(p0);
            int r = p0 % (innerLen * midLen);
            int mid = r / innerLen;
            int inner = r - mid * innerLen;
            for (int p = 0; p < kc; p++, at += NR) {
                FloatVector.fromArray(S, x, step, idx, 0).intoArray(dst, at);
                FloatVector.fromArray(S, x, step, idx, L).intoArray(dst, at + L);
                step += innerStep;
                if (++inner == innerLen) {
                    inner = 0;
                    step += midStep - innerLen * innerStep;
                    if (++mid == midLen) {
                        mid = 0;
                        step += outerStep - midLen * midStep;
                    }
                }
            }
        }
    }

    /**
     * Lane q of a B panel's two gathers: {@code min(q, w − 1)·ld}, the offset of stored row
     * j0 + q (the panel's last column repeated past its width w).
     */
    private static int[] strides(int ld, int w) {
        Work k = WORK.get();
        if (k.stridesLd != ld || k.stridesW != w) {
            for (int q = 0; q < NR; q++) {
                k.strides[q] = Math.min(q, w - 1) * ld;
            }
            k.stridesLd = ld;
            k.stridesW = w;
        }
        return k.strides;
    }

    /**
     * Lane l of a gather of two depths of an A panel: {@code min(l % MR, rows − 1)·ld + l / MR}
     * (the panel's last row repeated past its height: those rows are never stored).
     */
    private static int[] rowStrides(int ld, int rows) {
        Work k = WORK.get();
        if (k.rowStridesLd != ld || k.rowStridesRows != rows) {
            for (int l = 0; l < L; l++) {
                k.rowStrides[l] = Math.min(l % MR, rows - 1) * ld + l / MR;
            }
            k.rowStridesLd = ld;
            k.rowStridesRows = rows;
        }
        return k.rowStrides;
    }

    /** Row-major {@code C = alpha · op(A) · op(B) + beta · C} with op(B) packed from {@code src}, see the class comment. */
    static void gemm(
            int m, int n, int k, float alpha, MatrixA a, BSource src, float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        Work w = WORK.get();
        int kBlocks = Math.max(1, (k + KC - 1) / KC);
        int kc0 = (k + kBlocks - 1) / kBlocks; // even blocks: 784 is 2 × 392, not 256 + 256 + 256 + 16
        kc0 = Math.max(kc0, 1);
        int mPanels = (m + MR - 1) / MR;
        int ncMax = Math.min(NC, roundUp(n, NR));
        int mcMax = Math.min(MC, mPanels * MR);
        w.packB = atLeast(w.packB, kc0 * ncMax);
        w.packA = atLeast(w.packA, kc0 * mcMax);
        w.tiles = atLeast(w.tiles, mPanels * MR * ncMax);
        float[] pa = w.packA;
        float[] pb = w.packB;
        float[] tiles = w.tiles;
        // whole tiles of the last k block go straight to C when no scaling is needed
        boolean simple = alpha == 1f && (beta == 0f || beta == 1f);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int nPanels = (nc + NR - 1) / NR;
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = kb * kc0;
                int kc = Math.max(0, Math.min(kc0, k - pc));
                boolean first = kb == 0;
                boolean last = kb == kBlocks - 1;
                for (int jp = 0; jp < nPanels; jp++) {
                    src.packPanel(pb, jp * NR * kc, pc, kc, jc + jp * NR, n);
                }
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    int icPanels = (mc + MR - 1) / MR;
                    packA(a.trans(), a.a(), a.off(), a.ld(), ic, mc, pc, kc, m, pa);
                    for (int jp = 0; jp < nPanels; jp++) {
                        for (int ip = 0; ip < icPanels; ip++) {
                            int tile = (((ic / MR) + ip) * nPanels + jp) * MR * NR;
                            int i0 = ic + ip * MR;
                            int j0 = jc + jp * NR;
                            int rows = Math.min(MR, m - i0);
                            int cols = Math.min(NR, n - j0);
                            boolean direct = last && simple && rows == MR && cols == NR;
                            float[] t = direct ? c : tiles;
                            int ti = direct ? cOff + i0 * ldc + j0 : tile;
                            int ldt = direct ? ldc : NR;
                            if (MR == 8) {
                                micro8(
                                        pa,
                                        ip * MR * kc,
                                        pb,
                                        jp * NR * kc,
                                        kc,
                                        tiles,
                                        tile,
                                        first,
                                        t,
                                        ti,
                                        ldt,
                                        direct,
                                        beta);
                            } else {
                                micro6(
                                        pa,
                                        ip * MR * kc,
                                        pb,
                                        jp * NR * kc,
                                        kc,
                                        tiles,
                                        tile,
                                        first,
                                        t,
                                        ti,
                                        ldt,
                                        direct,
                                        beta);
                            }
                            if (last && !direct) {
                                store(tiles, tile, alpha, beta, c, cOff, ldc, i0, j0, rows, cols);
                            }
                        }
                    }
                }
            }
        }
    }

    private static int roundUp(int v, int to) {
        return (v + to - 1) / to * to;
    }

    private static float[] atLeast(float[] v, int size) {
        return v.length >= size ? v : new float[size];
    }

    /** Rows [ic, ic + mc) and depths [pc, pc + kc) of op(A) into MR-tall panels; rows at or beyond m are 0 or copies. */
    private static void packA(
            boolean trans, float[] a, int off, int ld, int ic, int mc, int pc, int kc, int m, float[] dst) {
        int panels = (mc + MR - 1) / MR;
        for (int ip = 0; ip < panels; ip++) {
            int base = ip * MR * kc;
            int i0 = ic + ip * MR;
            int rows = Math.min(MR, m - i0);
            if (!trans && 2 * MR == L) {
                // two depths of MR stored rows per gather (lane l: row l % MR, depth l / MR); rows
                // at or beyond m repeat the last row: they are computed but never stored
                int[] idx = rowStrides(ld, rows);
                int sr = off + i0 * ld + pc;
                int p = 0;
                int d = base;
                for (; p + 1 < kc; p += 2, d += L) {
                    FloatVector.fromArray(S, a, sr + p, idx, 0).intoArray(dst, d);
                }
                for (; p < kc; p++, d += MR) {
                    for (int ii = 0; ii < MR; ii++) {
                        dst[d + ii] = a[sr + Math.min(ii, rows - 1) * ld + p];
                    }
                }
                continue;
            } else if (!trans) {
                for (int ii = 0; ii < rows; ii++) {
                    int s = off + (i0 + ii) * ld + pc;
                    for (int p = 0, d = base + ii; p < kc; p++, d += MR) {
                        dst[d] = a[s + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int s = off + (pc + p) * ld + i0;
                    int d = base + p * MR;
                    for (int ii = 0; ii < rows; ii++) {
                        dst[d + ii] = a[s + ii];
                    }
                }
            }
            for (int ii = rows; ii < MR; ii++) {
                for (int p = 0, d = base + ii; p < kc; p++, d += MR) {
                    dst[d] = 0f;
                }
            }
        }
    }

    /**
     * One 6 × NR tile: starts from +0 ({@code first}) or from the partial sums parked in
     * {@code t}, adds kc products per element in k order with fused multiply-adds, then parks the
     * sums in {@code t} ({@code ldt = NR}) or, for the last k block of a whole tile with alpha = 1,
     * writes {@code acc + beta·C} straight into C ({@code direct}, t = C, ldt = ldc).
     */
    private static void micro6(
            float[] ap,
            int ai,
            float[] bp,
            int bi,
            int kc,
            float[] w,
            int wi,
            boolean first,
            float[] t,
            int ti,
            int ldt,
            boolean direct,
            float beta) {
        FloatVector c00;
        FloatVector c01;
        FloatVector c10;
        FloatVector c11;
        FloatVector c20;
        FloatVector c21;
        FloatVector c30;
        FloatVector c31;
        FloatVector c40;
        FloatVector c41;
        FloatVector c50;
        FloatVector c51;
        if (first) {
            c00 = FloatVector.zero(S);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
            c40 = c00;
            c41 = c00;
            c50 = c00;
            c51 = c00;
        } else {
            c00 = FloatVector.fromArray(S, w, wi + 0 * NR);
            c01 = FloatVector.fromArray(S, w, wi + 0 * NR + L);
            c10 = FloatVector.fromArray(S, w, wi + 1 * NR);
            c11 = FloatVector.fromArray(S, w, wi + 1 * NR + L);
            c20 = FloatVector.fromArray(S, w, wi + 2 * NR);
            c21 = FloatVector.fromArray(S, w, wi + 2 * NR + L);
            c30 = FloatVector.fromArray(S, w, wi + 3 * NR);
            c31 = FloatVector.fromArray(S, w, wi + 3 * NR + L);
            c40 = FloatVector.fromArray(S, w, wi + 4 * NR);
            c41 = FloatVector.fromArray(S, w, wi + 4 * NR + L);
            c50 = FloatVector.fromArray(S, w, wi + 5 * NR);
            c51 = FloatVector.fromArray(S, w, wi + 5 * NR + L);
        }
        for (int p = 0; p < kc; p++, ai += 6, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        if (direct && beta != 0f) {
            c00 = c00.add(FloatVector.fromArray(S, t, ti + 0 * ldt));
            c01 = c01.add(FloatVector.fromArray(S, t, ti + 0 * ldt + L));
            c10 = c10.add(FloatVector.fromArray(S, t, ti + 1 * ldt));
            c11 = c11.add(FloatVector.fromArray(S, t, ti + 1 * ldt + L));
            c20 = c20.add(FloatVector.fromArray(S, t, ti + 2 * ldt));
            c21 = c21.add(FloatVector.fromArray(S, t, ti + 2 * ldt + L));
            c30 = c30.add(FloatVector.fromArray(S, t, ti + 3 * ldt));
            c31 = c31.add(FloatVector.fromArray(S, t, ti + 3 * ldt + L));
            c40 = c40.add(FloatVector.fromArray(S, t, ti + 4 * ldt));
            c41 = c41.add(FloatVector.fromArray(S, t, ti + 4 * ldt + L));
            c50 = c50.add(FloatVector.fromArray(S, t, ti + 5 * ldt));
            c51 = c51.add(FloatVector.fromArray(S, t, ti + 5 * ldt + L));
        }
        c00.intoArray(t, ti + 0 * ldt);
        c01.intoArray(t, ti + 0 * ldt + L);
        c10.intoArray(t, ti + 1 * ldt);
        c11.intoArray(t, ti + 1 * ldt + L);
        c20.intoArray(t, ti + 2 * ldt);
        c21.intoArray(t, ti + 2 * ldt + L);
        c30.intoArray(t, ti + 3 * ldt);
        c31.intoArray(t, ti + 3 * ldt + L);
        c40.intoArray(t, ti + 4 * ldt);
        c41.intoArray(t, ti + 4 * ldt + L);
        c50.intoArray(t, ti + 5 * ldt);
        c51.intoArray(t, ti + 5 * ldt + L);
    }

    /**
     * One 8 × NR tile: starts from +0 ({@code first}) or from the partial sums parked in
     * {@code t}, adds kc products per element in k order with fused multiply-adds, then parks the
     * sums in {@code t} ({@code ldt = NR}) or, for the last k block of a whole tile with alpha = 1,
     * writes {@code acc + beta·C} straight into C ({@code direct}, t = C, ldt = ldc).
     */
    private static void micro8(
            float[] ap,
            int ai,
            float[] bp,
            int bi,
            int kc,
            float[] w,
            int wi,
            boolean first,
            float[] t,
            int ti,
            int ldt,
            boolean direct,
            float beta) {
        FloatVector c00;
        FloatVector c01;
        FloatVector c10;
        FloatVector c11;
        FloatVector c20;
        FloatVector c21;
        FloatVector c30;
        FloatVector c31;
        FloatVector c40;
        FloatVector c41;
        FloatVector c50;
        FloatVector c51;
        FloatVector c60;
        FloatVector c61;
        FloatVector c70;
        FloatVector c71;
        if (first) {
            c00 = FloatVector.zero(S);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
            c40 = c00;
            c41 = c00;
            c50 = c00;
            c51 = c00;
            c60 = c00;
            c61 = c00;
            c70 = c00;
            c71 = c00;
        } else {
            c00 = FloatVector.fromArray(S, w, wi + 0 * NR);
            c01 = FloatVector.fromArray(S, w, wi + 0 * NR + L);
            c10 = FloatVector.fromArray(S, w, wi + 1 * NR);
            c11 = FloatVector.fromArray(S, w, wi + 1 * NR + L);
            c20 = FloatVector.fromArray(S, w, wi + 2 * NR);
            c21 = FloatVector.fromArray(S, w, wi + 2 * NR + L);
            c30 = FloatVector.fromArray(S, w, wi + 3 * NR);
            c31 = FloatVector.fromArray(S, w, wi + 3 * NR + L);
            c40 = FloatVector.fromArray(S, w, wi + 4 * NR);
            c41 = FloatVector.fromArray(S, w, wi + 4 * NR + L);
            c50 = FloatVector.fromArray(S, w, wi + 5 * NR);
            c51 = FloatVector.fromArray(S, w, wi + 5 * NR + L);
            c60 = FloatVector.fromArray(S, w, wi + 6 * NR);
            c61 = FloatVector.fromArray(S, w, wi + 6 * NR + L);
            c70 = FloatVector.fromArray(S, w, wi + 7 * NR);
            c71 = FloatVector.fromArray(S, w, wi + 7 * NR + L);
        }
        for (int p = 0; p < kc; p++, ai += 8, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        if (direct && beta != 0f) {
            c00 = c00.add(FloatVector.fromArray(S, t, ti + 0 * ldt));
            c01 = c01.add(FloatVector.fromArray(S, t, ti + 0 * ldt + L));
            c10 = c10.add(FloatVector.fromArray(S, t, ti + 1 * ldt));
            c11 = c11.add(FloatVector.fromArray(S, t, ti + 1 * ldt + L));
            c20 = c20.add(FloatVector.fromArray(S, t, ti + 2 * ldt));
            c21 = c21.add(FloatVector.fromArray(S, t, ti + 2 * ldt + L));
            c30 = c30.add(FloatVector.fromArray(S, t, ti + 3 * ldt));
            c31 = c31.add(FloatVector.fromArray(S, t, ti + 3 * ldt + L));
            c40 = c40.add(FloatVector.fromArray(S, t, ti + 4 * ldt));
            c41 = c41.add(FloatVector.fromArray(S, t, ti + 4 * ldt + L));
            c50 = c50.add(FloatVector.fromArray(S, t, ti + 5 * ldt));
            c51 = c51.add(FloatVector.fromArray(S, t, ti + 5 * ldt + L));
            c60 = c60.add(FloatVector.fromArray(S, t, ti + 6 * ldt));
            c61 = c61.add(FloatVector.fromArray(S, t, ti + 6 * ldt + L));
            c70 = c70.add(FloatVector.fromArray(S, t, ti + 7 * ldt));
            c71 = c71.add(FloatVector.fromArray(S, t, ti + 7 * ldt + L));
        }
        c00.intoArray(t, ti + 0 * ldt);
        c01.intoArray(t, ti + 0 * ldt + L);
        c10.intoArray(t, ti + 1 * ldt);
        c11.intoArray(t, ti + 1 * ldt + L);
        c20.intoArray(t, ti + 2 * ldt);
        c21.intoArray(t, ti + 2 * ldt + L);
        c30.intoArray(t, ti + 3 * ldt);
        c31.intoArray(t, ti + 3 * ldt + L);
        c40.intoArray(t, ti + 4 * ldt);
        c41.intoArray(t, ti + 4 * ldt + L);
        c50.intoArray(t, ti + 5 * ldt);
        c51.intoArray(t, ti + 5 * ldt + L);
        c60.intoArray(t, ti + 6 * ldt);
        c61.intoArray(t, ti + 6 * ldt + L);
        c70.intoArray(t, ti + 7 * ldt);
        c71.intoArray(t, ti + 7 * ldt + L);
    }

    /** C[i0 + r][j0 + q] = alpha·tile + beta·C for the rows × cols that lie inside C. */
    private static void store(
            float[] t,
            int ti,
            float alpha,
            float beta,
            float[] c,
            int cOff,
            int ldc,
            int i0,
            int j0,
            int rows,
            int cols) {
        for (int r = 0; r < rows; r++) {
            int tr = ti + r * NR;
            int cr = cOff + (i0 + r) * ldc + j0;
            int q = 0;
            for (; q + L <= cols; q += L) {
                FloatVector v = FloatVector.fromArray(S, t, tr + q);
                if (alpha != 1f) {
                    v = v.mul(alpha);
                }
                if (beta != 0f) {
                    FloatVector old = FloatVector.fromArray(S, c, cr + q);
                    v = v.add(beta == 1f ? old : old.mul(beta));
                }
                v.intoArray(c, cr + q);
            }
            for (; q < cols; q++) {
                c[cr + q] = combine(t[tr + q], alpha, beta, c[cr + q]);
            }
        }
    }

    private static float combine(float acc, float alpha, float beta, float old) {
        float v = alpha == 1f ? acc : alpha * acc;
        return beta == 0f ? v : v + (beta == 1f ? old : beta * old);
    }
}
