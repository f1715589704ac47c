package io.sparknn.engine.kernel;

import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Storage;
import java.util.Arrays;

/** float32 {@link PoolKernels}; the float64 twin is generated from this file. */
final class FloatPoolKernels implements PoolKernels {
    public static final FloatPoolKernels INSTANCE = new FloatPoolKernels();

    private FloatPoolKernels() {}

    private static float[] d(Storage s) {
        return ((FloatStorage) s).data;
    }

    // The loops run window offset (i, j) outside and output column ox inside: the inner loop is a
    // whole output row long, instead of kh·kw iterations per window.

    @Override
    public void maxForward(Window2d g, Storage x, int count, Storage y, int[] argmax) {
        float[] xv = d(x);
        float[] yv = d(y);
        int inW = g.inW();
        int sw = g.strideW();
        int outH = g.outH();
        int outW = g.outW();
        for (int plane = 0; plane < count * g.channels(); plane++) {
            for (int oy = 0; oy < outH; oy++) {
                int o = (plane * outH + oy) * outW;
                int row = plane * g.inArea() + oy * g.strideH() * inW;
                for (int ox = 0; ox < outW; ox++) {
                    argmax[o + ox] = row + ox * sw;
                }
                for (int i = 0; i < g.kernelH(); i++) {
                    for (int j = i == 0 ? 1 : 0; j < g.kernelW(); j++) {
                        int r = row + i * inW + j;
                        for (int ox = 0; ox < outW; ox++) {
                            // strict '>' in row-major window order keeps the first of equal maxima
                            int at = r + ox * sw;
                            int best = argmax[o + ox];
                            argmax[o + ox] = OrderKeys.of(xv[at]) > OrderKeys.of(xv[best]) ? at : best;
                        }
                    }
                }
                for (int ox = 0; ox < outW; ox++) {
                    yv[o + ox] = xv[argmax[o + ox]];
                }
            }
        }
    }

    @Override
    public void maxBackward(Window2d g, Storage dy, int count, int[] argmax, Storage dx) {
        float[] gv = d(dy);
        float[] xv = d(dx);
        Arrays.fill(xv, 0, count * g.inSize(), 0);
        int outs = count * g.channels() * g.outArea();
        for (int k = 0; k < outs; k++) {
            xv[argmax[k]] += gv[k];
        }
    }

    @Override
    public void maxGather(Window2d g, Storage rx, int count, int[] argmax, Storage ry) {
        float[] xv = d(rx);
        float[] yv = d(ry);
        int outs = count * g.channels() * g.outArea();
        for (int k = 0; k < outs; k++) {
            yv[k] = xv[argmax[k]];
        }
    }

    @Override
    public void avgForward(Window2d g, Storage x, int count, Storage y) {
        float[] yv = d(y);
        Arrays.fill(yv, 0, count * g.channels() * g.outArea(), 0);
        spread(g, d(x), count, yv, false);
        float size = g.kernelH() * g.kernelW();
        for (int o = 0; o < count * g.channels() * g.outArea(); o++) {
            yv[o] /= size;
        }
    }

    @Override
    public void avgBackward(Window2d g, Storage dy, int count, Storage dx) {
        float[] xv = d(dx);
        Arrays.fill(xv, 0, count * g.inSize(), 0);
        spread(g, xv, count, d(dy), true);
    }

    /**
     * Runs over every (window, position in it) pair, window offset (i, j) outside and output column
     * inside: adds the input value to the window's output ({@code back} false: the forward's sums)
     * or the window's output gradient / (kh·kw) to the input ({@code back} true). {@code back} is
     * the same for a whole call, and the JIT hoists the test.
     */
    private static void spread(Window2d g, float[] xv, int count, float[] yv, boolean back) {
        int inW = g.inW();
        int sw = g.strideW();
        int outH = g.outH();
        int outW = g.outW();
        float size = g.kernelH() * g.kernelW();
        for (int plane = 0; plane < count * g.channels(); plane++) {
            for (int oy = 0; oy < outH; oy++) {
                int o = (plane * outH + oy) * outW;
                int row = plane * g.inArea() + oy * g.strideH() * inW;
                for (int i = 0; i < g.kernelH(); i++) {
                    for (int j = 0; j < g.kernelW(); j++) {
                        int r = row + i * inW + j;
                        if (back) {
                            for (int ox = 0; ox < outW; ox++) {
                                xv[r + ox * sw] += yv[o + ox] / size;
                            }
                        } else {
                            for (int ox = 0; ox < outW; ox++) {
                                yv[o + ox] += xv[r + ox * sw];
                            }
                        }
                    }
                }
            }
        }
    }
}
