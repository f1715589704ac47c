package io.sparknn.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.Window2d;
import io.sparknn.engine.optim.Kfac;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * K-FAC's factor sums across the GEMM chunks of {@link KfacShards#CHUNK_ROWS} rows: the packed upper
 * triangle of Σ v vᵀ against rank-1 sums, for more rows than two chunks hold, with and without a
 * bias, for a dense layer, a padded conv2d and a G factor; the values before the block's offset
 * are left as they were.
 */
class KfacChunkTest {
    private static final int ROWS = 2 * KfacShards.CHUNK_ROWS + 5;
    private static final double SENTINEL = 12345;

    private static Storage random(int count, SplittableRandom rng) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return Storage.of(Precision.FLOAT64, v);
    }

    /** out[at..]: the packed upper triangle of Σ over rows of v vᵀ; rows given as a function of the row index. */
    private static void assertPackedGram(double[][] rows, double[] got, int at, String what) {
        int d = rows[0].length;
        int k = at;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double want = 0;
                for (double[] v : rows) {
                    want += v[i] * v[j];
                }
                assertEquals(want, got[k], 1e-9 * Math.max(1, Math.abs(want)), what + " (" + i + ", " + j + ")");
                k++;
            }
        }
        assertEquals(got.length, k, what + ": the packed length");
        for (int i = 0; i < at; i++) {
            assertEquals(SENTINEL, got[i], what + ": a value before the block");
        }
    }

    private static double[] output(int length, int at) {
        double[] out = new double[at + length];
        java.util.Arrays.fill(out, 0, at, SENTINEL);
        return out;
    }

    @Test
    void denseInputsWithAndWithoutBias() {
        SplittableRandom rng = new SplittableRandom(1);
        int in = 7;
        Storage x = random(ROWS * in, rng);
        for (boolean bias : new boolean[] {true, false}) {
            Kfac.Block b = new Kfac.Block(0, 0, 3, in, bias, 1, null);
            double[][] rows = new double[ROWS][b.a()];
            for (int r = 0; r < ROWS; r++) {
                for (int i = 0; i < in; i++) {
                    rows[r][i] = x.get(r * in + i);
                }
                if (bias) {
                    rows[r][in] = 1;
                }
            }
            double[] out = output(b.aPacked(), 4);
            KfacShards.inputFactor(b, x, ROWS, out, 4);
            assertPackedGram(rows, out, 4, "dense A, bias " + bias);
        }
    }

    @Test
    void paddedConvPatchesAndTheGFactorOfItsOutput() {
        SplittableRandom rng = new SplittableRandom(2);
        // 2 channels of 6×6, kernel 3, stride 1, padding 1: 36 positions an example, 115 examples
        Window2d w = Window2d.over(Shape.of(2, 6, 6), 3, 3, 1, 1, 1, 1);
        int n = 115;
        int filters = 4;
        Kfac.Block b = new Kfac.Block(0, 0, filters, w.patch(), true, w.outArea(), w);
        Storage x = random(n * w.inSize(), rng);
        double[][] rows = new double[n * w.outArea()][b.a()];
        for (int e = 0; e < n; e++) {
            for (int oy = 0; oy < w.outH(); oy++) {
                for (int ox = 0; ox < w.outW(); ox++) {
                    double[] v = rows[(e * w.outH() + oy) * w.outW() + ox];
                    for (int c = 0; c < 2; c++) {
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int iy = oy - 1 + ky;
                                int ix = ox - 1 + kx;
                                boolean inside = iy >= 0 && iy < 6 && ix >= 0 && ix < 6;
                                v[c * 9 + ky * 3 + kx] = inside ? x.get(e * w.inSize() + c * 36 + iy * 6 + ix) : 0;
                            }
                        }
                    }
                    v[w.patch()] = 1;
                }
            }
        }
        assertEquals(true, rows.length > 2 * KfacShards.CHUNK_ROWS, "more rows than two chunks");
        double[] a = output(b.aPacked(), 3);
        KfacShards.inputFactor(b, x, n, a, 3);
        assertPackedGram(rows, a, 3, "conv A");
        // dy: (n, filters, positions)
        Storage dy = random(n * filters * w.outArea(), rng);
        double[][] g = new double[n * w.outArea()][filters];
        for (int e = 0; e < n; e++) {
            for (int l = 0; l < w.outArea(); l++) {
                for (int f = 0; f < filters; f++) {
                    g[e * w.outArea() + l][f] = dy.get((e * filters + f) * w.outArea() + l);
                }
            }
        }
        double[] gOut = output(b.gPacked(), 2);
        KfacShards.outputFactor(b, dy, n, gOut, 2);
        assertPackedGram(g, gOut, 2, "conv G");
    }
}
