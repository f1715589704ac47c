package io.sparknn.engine.kernel;

import static io.sparknn.engine.FloatStorage.arrayOf;

import io.sparknn.engine.Storage;

/**
 * float32 {@link ActivationKernels}; the float64 twin is generated from this file.
 *
 * <p>Why the element-wise methods look alike (sigmoid's and tanh's backward most): each is one loop
 * over plain local arrays taken out of the storages first, the form C2 vectorizes, around math of
 * its own (y·(1 − y), 1 − y², a mask). One shared loop would take that math as a lambda, a call
 * inside the loop that C2 stops inlining and vectorizing once a second body reaches it, so each
 * method keeps its own loop. Measured (2026-12-07, issue 19): sigmoid's, tanh's and ReLU's backward
 * through one shared {@code (a, b) -> out} loop took 136–162, 130–183 and 189–198 µs over 65,536
 * floats, against 7.6–7.7, 7.5–7.7 and 28–29 µs each in its own loop (CPU time, best of 40 runs,
 * three JVMs each, alternating; the same bits).
 */
final class FloatActivationKernels implements ActivationKernels {
    public static final FloatActivationKernels INSTANCE = new FloatActivationKernels();

    private FloatActivationKernels() {}

    @Override
    public void reluForward(Storage x, Storage y, int count) {
        float[] xv = arrayOf(x);
        float[] yv = arrayOf(y);
        for (int i = 0; i < count; i++) {
            float v = xv[i];
            yv[i] = Masks.ifPositive(v, v); // v > 0 ? v : 0, without a branch
        }
    }

    @Override
    public void reluBackward(Storage x, Storage dy, Storage dx, int count) {
        float[] xv = arrayOf(x);
        float[] g = arrayOf(dy);
        float[] out = arrayOf(dx);
        for (int i = 0; i < count; i++) {
            out[i] = Masks.ifPositive(xv[i], g[i]); // xv[i] > 0 ? g[i] : 0, without a branch
        }
    }

    @Override
    public void leakyReluForward(Storage x, Storage y, int count, double slope) {
        float[] xv = arrayOf(x);
        float[] yv = arrayOf(y);
        float a = (float) slope;
        for (int i = 0; i < count; i++) {
            float v = xv[i];
            yv[i] = v > 0 ? v : a * v;
        }
    }

    @Override
    public void leakyReluBackward(Storage x, Storage dy, Storage dx, int count, double slope) {
        float[] xv = arrayOf(x);
        float[] g = arrayOf(dy);
        float[] out = arrayOf(dx);
        float a = (float) slope;
        for (int i = 0; i < count; i++) {
            out[i] = xv[i] > 0 ? g[i] : a * g[i];
        }
    }

    @Override
    public void sigmoidForward(Storage x, Storage y, int count) {
        float[] xv = arrayOf(x);
        float[] yv = arrayOf(y);
        for (int i = 0; i < count; i++) {
            float v = xv[i];
            // e = e^−|v| lies in (0, 1]: for v ≥ 0, 1/(1+e); for v < 0, e/(1+e); neither overflows.
            float e = (float) Math.exp(-Math.abs(v));
            yv[i] = v >= 0 ? 1 / (1 + e) : e / (1 + e);
        }
    }

    @Override
    public void sigmoidBackward(Storage y, Storage dy, Storage dx, int count) {
        float[] yv = arrayOf(y);
        float[] g = arrayOf(dy);
        float[] out = arrayOf(dx);
        for (int i = 0; i < count; i++) {
            float s = yv[i];
            out[i] = g[i] * s * (1 - s);
        }
    }

    @Override
    public void tanhForward(Storage x, Storage y, int count) {
        float[] xv = arrayOf(x);
        float[] yv = arrayOf(y);
        // the gate math's tanh: in float32 a rational approximation, which vectorizes where a call
        // to Math.tanh per element does not; in float64 Math.tanh itself
        for (int i = 0; i < count; i++) {
            yv[i] = FloatGateMath.tanh(xv[i]);
        }
    }

    @Override
    public void tanhBackward(Storage y, Storage dy, Storage dx, int count) {
        float[] yv = arrayOf(y);
        float[] g = arrayOf(dy);
        float[] out = arrayOf(dx);
        for (int i = 0; i < count; i++) {
            float t = yv[i];
            out[i] = g[i] * (1 - t * t);
        }
    }

    @Override
    public void softmaxForward(Storage x, Storage y, int rows, int width) {
        float[] xv = arrayOf(x);
        float[] yv = arrayOf(y);
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            float max = xv[o];
            for (int j = 1; j < width; j++) {
                max = Math.max(max, xv[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < width; j++) {
                float e = (float) Math.exp(xv[o + j] - max);
                yv[o + j] = e;
                sum += e;
            }
            float inv = (float) (1 / sum);
            for (int j = 0; j < width; j++) {
                yv[o + j] *= inv;
            }
        }
    }

    @Override
    public void softmaxBackward(Storage y, Storage dy, Storage dx, int rows, int width) {
        float[] yv = arrayOf(y);
        float[] g = arrayOf(dy);
        float[] out = arrayOf(dx);
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            double dot = 0;
            for (int j = 0; j < width; j++) {
                dot += (double) g[o + j] * yv[o + j];
            }
            float c = (float) dot;
            for (int j = 0; j < width; j++) {
                out[o + j] = yv[o + j] * (g[o + j] - c);
            }
        }
    }
}
