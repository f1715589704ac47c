package io.sparknn.engine.kernel;

import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Storage;

/** float32 {@link LossKernels}; the float64 twin is generated from this file. */
public final class FloatLossKernels implements LossKernels {
    public static final FloatLossKernels INSTANCE = new FloatLossKernels();

    private FloatLossKernels() {
    }

    private static float[] d(Storage s) {
        return ((FloatStorage) s).data;
    }

    /** log Σ exp(z_j) of one row, stable: the maximum is factored out. */
    private static double logSumExp(float[] z, int o, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
            max = Math.max(max, z[o + j]);
        }
        double s = 0;
        for (int j = 0; j < classes; j++) {
            s += Math.exp(z[o + j] - max);
        }
        return max + Math.log(s);
    }

    @Override
    public double softmaxCrossEntropyLabels(Storage z, int rows, int classes, int[] labels, int labelOff, Storage dz) {
        float[] zv = d(z);
        float[] g = dz == null ? null : d(dz);
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            double lse = logSumExp(zv, o, classes);
            int y = labels[labelOff + r];
            total += lse - zv[o + y];
            if (g != null) {
                for (int j = 0; j < classes; j++) {
                    g[o + j] = (float) Math.exp(zv[o + j] - lse);
                }
                g[o + y] -= 1;
            }
        }
        return total;
    }

    @Override
    public double softmaxCrossEntropyProbabilities(Storage z, int rows, int classes, Storage t, int tOff, Storage dz) {
        float[] zv = d(z);
        float[] tv = d(t);
        float[] g = dz == null ? null : d(dz);
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            int to = tOff + o;
            double lse = logSumExp(zv, o, classes);
            double mass = 0;
            for (int j = 0; j < classes; j++) {
                total += tv[to + j] * (lse - zv[o + j]);
                mass += tv[to + j];
            }
            if (g != null) {
                for (int j = 0; j < classes; j++) {
                    g[o + j] = (float) (Math.exp(zv[o + j] - lse) * mass - tv[to + j]);
                }
            }
        }
        return total;
    }
}
