package io.sparknn.engine.kernel;

import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Storage;
import java.util.Arrays;

/** float32 {@link PoolKernels}; the float64 twin is generated from this file. */
public final class FloatPoolKernels implements PoolKernels {
    public static final FloatPoolKernels INSTANCE = new FloatPoolKernels();

    private FloatPoolKernels() {
    }

    private static float[] d(Storage s) {
        return ((FloatStorage) s).data;
    }

    @Override
    public void maxForward(Window2d g, Storage x, int count, Storage y, int[] argmax) {
        float[] xv = d(x);
        float[] yv = d(y);
        int inW = g.inW();
        int kh = g.kernelH();
        int kw = g.kernelW();
        int outH = g.outH();
        int outW = g.outW();
        int k = 0;
        for (int plane = 0; plane < count * g.channels(); plane++) {
            int base = plane * g.inArea();
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    int start = base + oy * g.strideH() * inW + ox * g.strideW();
                    int best = start;
                    float max = xv[start];
                    for (int i = 0; i < kh; i++) {
                        int r = start + i * inW;
                        for (int j = 0; j < kw; j++) {
                            float v = xv[r + j];
                            // strict '>' keeps the first of equal maxima; v != v lets a NaN through
                            if (v > max || v != v) {
                                max = v;
                                best = r + j;
                            }
                        }
                    }
                    yv[k] = max;
                    argmax[k] = best;
                    k++;
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
    public void avgForward(Window2d g, Storage x, int count, Storage y) {
        float[] xv = d(x);
        float[] yv = d(y);
        int inW = g.inW();
        int kh = g.kernelH();
        int kw = g.kernelW();
        int outH = g.outH();
        int outW = g.outW();
        float size = kh * kw;
        int k = 0;
        for (int plane = 0; plane < count * g.channels(); plane++) {
            int base = plane * g.inArea();
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    int start = base + oy * g.strideH() * inW + ox * g.strideW();
                    float sum = 0;
                    for (int i = 0; i < kh; i++) {
                        int r = start + i * inW;
                        for (int j = 0; j < kw; j++) {
                            sum += xv[r + j];
                        }
                    }
                    yv[k++] = sum / size;
                }
            }
        }
    }

    @Override
    public void avgBackward(Window2d g, Storage dy, int count, Storage dx) {
        float[] gv = d(dy);
        float[] xv = d(dx);
        int inW = g.inW();
        int kh = g.kernelH();
        int kw = g.kernelW();
        int outH = g.outH();
        int outW = g.outW();
        float size = kh * kw;
        Arrays.fill(xv, 0, count * g.inSize(), 0);
        int k = 0;
        for (int plane = 0; plane < count * g.channels(); plane++) {
            int base = plane * g.inArea();
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    int start = base + oy * g.strideH() * inW + ox * g.strideW();
                    float share = gv[k++] / size;
                    for (int i = 0; i < kh; i++) {
                        int r = start + i * inW;
                        for (int j = 0; j < kw; j++) {
                            xv[r + j] += share;
                        }
                    }
                }
            }
        }
    }
}
