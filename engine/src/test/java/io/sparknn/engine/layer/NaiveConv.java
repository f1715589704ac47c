package io.sparknn.engine.layer;

import io.sparknn.engine.Shape;

/**
 * Convolution written straight from its definition with direct loops, in double: the reference the
 * im2col + GEMM path is tested against. {@code y[e,f,oy,ox] = b[f] + Σ_{c,i,j} W[f,c,i,j] ·
 * x[e, c, oy·sh − ph + i, ox·sw − pw + j]}, x taken as 0 outside the image; b taken as 0 without a bias.
 */
final class NaiveConv {
    private NaiveConv() {}

    /** Parameter gradients (W then b, the parameter layout; W alone without a bias) and the input gradient. */
    record Gradients(double[] dParams, double[] dx) {}

    static double[] forward(Conv2dSpec s, Shape in, double[] x, int n, double[] params) {
        Shape out = s.outputShape(in);
        int c = in.dim(0);
        int bOff = s.filters() * c * s.kernelH() * s.kernelW();
        double[] y = new double[n * out.size()];
        for (int e = 0; e < n; e++) {
            for (int f = 0; f < s.filters(); f++) {
                for (int oy = 0; oy < out.dim(1); oy++) {
                    for (int ox = 0; ox < out.dim(2); ox++) {
                        double v = s.bias() ? params[bOff + f] : 0;
                        for (int ch = 0; ch < c; ch++) {
                            for (int i = 0; i < s.kernelH(); i++) {
                                for (int j = 0; j < s.kernelW(); j++) {
                                    int iy = oy * s.strideH() - s.padH() + i;
                                    int ix = ox * s.strideW() - s.padW() + j;
                                    if (iy >= 0 && iy < in.dim(1) && ix >= 0 && ix < in.dim(2)) {
                                        v += params[weight(s, c, f, ch, i, j)] * x[input(in, e, ch, iy, ix)];
                                    }
                                }
                            }
                        }
                        y[((e * s.filters() + f) * out.dim(1) + oy) * out.dim(2) + ox] = v;
                    }
                }
            }
        }
        return y;
    }

    static Gradients backward(Conv2dSpec s, Shape in, double[] x, int n, double[] params, double[] dy) {
        Shape out = s.outputShape(in);
        int c = in.dim(0);
        int bOff = s.filters() * c * s.kernelH() * s.kernelW();
        double[] dp = new double[params.length];
        double[] dx = new double[n * in.size()];
        for (int e = 0; e < n; e++) {
            for (int f = 0; f < s.filters(); f++) {
                for (int oy = 0; oy < out.dim(1); oy++) {
                    for (int ox = 0; ox < out.dim(2); ox++) {
                        double g = dy[((e * s.filters() + f) * out.dim(1) + oy) * out.dim(2) + ox];
                        if (s.bias()) {
                            dp[bOff + f] += g;
                        }
                        for (int ch = 0; ch < c; ch++) {
                            for (int i = 0; i < s.kernelH(); i++) {
                                for (int j = 0; j < s.kernelW(); j++) {
                                    int iy = oy * s.strideH() - s.padH() + i;
                                    int ix = ox * s.strideW() - s.padW() + j;
                                    if (iy >= 0 && iy < in.dim(1) && ix >= 0 && ix < in.dim(2)) {
                                        int w = weight(s, c, f, ch, i, j);
                                        int xi = input(in, e, ch, iy, ix);
                                        dp[w] += g * x[xi];
                                        dx[xi] += g * params[w];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Gradients(dp, dx);
    }

    private static int weight(Conv2dSpec s, int c, int f, int ch, int i, int j) {
        return ((f * c + ch) * s.kernelH() + i) * s.kernelW() + j;
    }

    private static int input(Shape in, int e, int ch, int iy, int ix) {
        return ((e * in.dim(0) + ch) * in.dim(1) + iy) * in.dim(2) + ix;
    }
}
