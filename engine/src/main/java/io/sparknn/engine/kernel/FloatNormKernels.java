package io.sparknn.engine.kernel;

import static io.sparknn.engine.FloatStorage.arrayOf;

import io.sparknn.engine.Storage;
import java.util.Arrays;

/**
 * float32 {@link NormKernels}; the float64 twin is generated from this file.
 *
 * <p>Why the methods open alike: each walks x: (n, c, s) in the same order (example, channel, then
 * the channel's s values at {@code (i·c + ch)·s}) around sums of its own, and the order is part of
 * every result's bits. {@link #channelMoments}' two passes share {@link #walk}, a lambda per
 * (example, channel) with the inner loop inside it, which measured no slower (2026-12-07, issue 19;
 * CPU time, best of 40 × 200 calls, six JVMs each alternating with the loops apart, load 19–27;
 * the same bits): 83–104 µs against 81–94 for BatchNorm1d's (64, 256, 1), 174–361 against
 * 246–364 for (32, 20, 144), the spread the JIT's from JVM to JVM on both sides. The other methods
 * keep their own loop nests: {@link #parameterGradients} through the same walk measured slower at
 * (64, 256, 1), 50–53 µs against 39–47, where s = 1 makes it a call per value. So did
 * {@link #normalize} (2026-12-08, the same protocol, six JVMs, load 6–9, the same bits): 27–43 µs
 * against 25–33 at (64, 256, 1), slower in four JVMs of six, where the same loop measured against
 * itself stays within 25 ± 0.5. {@link #inputGradient} through it: 38–46 µs against 38–41 at
 * (64, 256, 1); at (32, 20, 144) 63–67 against 63–68 or 340–357 in some JVMs, but there the same
 * code also landed 1.5–8× apart from JVM to JVM, so nothing to trade a kernel loop on.
 */
final class FloatNormKernels implements NormKernels {
    public static final FloatNormKernels INSTANCE = new FloatNormKernels();

    private FloatNormKernels() {}

    /** What a pass does with one channel's s values of one example, from offset o. */
    private interface Plane {
        void at(int o, int ch);
    }

    /** f on every (example i, channel ch) of x: (n, c, s), in that order, at offset (i·c + ch)·s. */
    private static void walk(int n, int c, int s, Plane f) {
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                f.at((i * c + ch) * s, ch);
            }
        }
    }

    @Override
    public void channelMoments(Storage x, int n, int s, ChannelStatistics st) {
        int c = st.channels();
        double[] mean = st.mean;
        double[] var = st.var;
        float[] xv = arrayOf(x);
        Arrays.fill(mean, 0, c, 0);
        Arrays.fill(var, 0, c, 0);
        walk(n, c, s, (o, ch) -> {
            double sum = 0;
            for (int k = 0; k < s; k++) {
                sum += xv[o + k];
            }
            mean[ch] += sum;
        });
        double m = (double) n * s;
        for (int ch = 0; ch < c; ch++) {
            mean[ch] /= m;
        }
        walk(n, c, s, (o, ch) -> {
            double mu = mean[ch];
            double sum = 0;
            for (int k = 0; k < s; k++) {
                double e = xv[o + k] - mu;
                sum += e * e;
            }
            var[ch] += sum;
        });
        for (int ch = 0; ch < c; ch++) {
            var[ch] /= m;
        }
    }

    @Override
    public void normalize(
            Storage x, int n, int s, ChannelStatistics st, Storage params, int pOff, Storage xhat, Storage y) {
        int c = st.channels();
        double[] mean = st.mean;
        double[] invstd = st.invstd;
        float[] xv = arrayOf(x);
        float[] p = arrayOf(params);
        float[] h = arrayOf(xhat);
        float[] yv = arrayOf(y);
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int o = (i * c + ch) * s;
                double mu = mean[ch];
                double is = invstd[ch];
                float gamma = p[pOff + ch];
                float beta = p[pOff + c + ch];
                for (int k = 0; k < s; k++) {
                    float v = (float) ((xv[o + k] - mu) * is);
                    h[o + k] = v;
                    yv[o + k] = gamma * v + beta;
                }
            }
        }
    }

    @Override
    public void parameterGradients(
            Storage dy, Storage xhat, int n, int s, ChannelStatistics st, Storage grads, int gOff) {
        int c = st.channels();
        double[] sumDy = st.sumDy;
        double[] sumDyXhat = st.sumDyXhat;
        float[] g = arrayOf(dy);
        float[] h = arrayOf(xhat);
        float[] out = arrayOf(grads);
        Arrays.fill(sumDy, 0, c, 0);
        Arrays.fill(sumDyXhat, 0, c, 0);
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int o = (i * c + ch) * s;
                double a = 0;
                double b = 0;
                for (int k = 0; k < s; k++) {
                    a += g[o + k];
                    b += (double) g[o + k] * h[o + k];
                }
                sumDy[ch] += a;
                sumDyXhat[ch] += b;
            }
        }
        for (int ch = 0; ch < c; ch++) {
            out[gOff + ch] += (float) sumDyXhat[ch];
            out[gOff + c + ch] += (float) sumDy[ch];
        }
    }

    @Override
    public void inputGradient(
            Storage dy, Storage xhat, int n, int s, ChannelStatistics st, Storage params, int pOff, Storage dx) {
        int c = st.channels();
        double[] invstd = st.invstd;
        double[] sumDy = st.sumDy;
        double[] sumDyXhat = st.sumDyXhat;
        boolean batchStatistics = st.fromBatch;
        float[] g = arrayOf(dy);
        float[] h = arrayOf(xhat);
        float[] p = arrayOf(params);
        float[] out = arrayOf(dx);
        double m = (double) n * s;
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int o = (i * c + ch) * s;
                double scale = p[pOff + ch] * invstd[ch];
                double meanDy = batchStatistics ? sumDy[ch] / m : 0;
                double meanDyXhat = batchStatistics ? sumDyXhat[ch] / m : 0;
                for (int k = 0; k < s; k++) {
                    out[o + k] = (float) (scale * (g[o + k] - meanDy - h[o + k] * meanDyXhat));
                }
            }
        }
    }
}
