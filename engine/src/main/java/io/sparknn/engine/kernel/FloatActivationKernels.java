package io.sparknn.engine.kernel;

import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Storage;

/** float32 {@link ActivationKernels}; the float64 twin is generated from this file. */
public final class FloatActivationKernels implements ActivationKernels {
    public static final FloatActivationKernels INSTANCE = new FloatActivationKernels();

    private FloatActivationKernels() {
    }

    private static float[] d(Storage s) {
        return ((FloatStorage) s).data;
    }

    @Override
    public void reluForward(Storage x, Storage y, int count) {
        float[] xv = d(x);
        float[] yv = d(y);
        for (int i = 0; i < count; i++) {
            float v = xv[i];
            yv[i] = v > 0 ? v : 0;
        }
    }

    @Override
    public void reluBackward(Storage x, Storage dy, Storage dx, int count) {
        float[] xv = d(x);
        float[] g = d(dy);
        float[] out = d(dx);
        for (int i = 0; i < count; i++) {
            out[i] = xv[i] > 0 ? g[i] : 0;
        }
    }
}
