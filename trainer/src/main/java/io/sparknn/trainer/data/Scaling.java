package io.sparknn.trainer.data;

import io.sparknn.engine.io.Preprocessing;
import java.util.List;

/**
 * Feature scaling learnt from the training data and saved in the model file, so prediction on raw
 * data sees what training saw: {@code x' = (x − offset) · scale} per feature.
 */
public final class Scaling {
    private Scaling() {
    }

    /**
     * @param mode  none; standardize (offset mean, scale 1/sd, population sd; a constant feature gets
     *              scale 1); minmax (to [0, 1]; a constant feature gets scale 1); divide (scale 1/divisor)
     */
    public static Preprocessing fit(ExampleBlock b, String mode, double divisor, List<String> labelNames) {
        int w = b.width;
        if (mode.equals("none")) {
            return new Preprocessing(w, null, null, labelNames);
        }
        double[] offset = new double[w];
        double[] scale = new double[w];
        switch (mode) {
            case "divide" -> java.util.Arrays.fill(scale, 1 / divisor);
            case "minmax" -> minMax(b, offset, scale);
            case "standardize" -> standardize(b, offset, scale);
            default -> throw new IllegalArgumentException("unknown scaling '" + mode + "'");
        }
        return new Preprocessing(w, offset, scale, labelNames);
    }

    private static void minMax(ExampleBlock b, double[] offset, double[] scale) {
        int w = b.width;
        double[] max = new double[w];
        java.util.Arrays.fill(offset, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < b.n; i++) {
            for (int j = 0; j < w; j++) {
                double v = b.features[i * w + j];
                offset[j] = Math.min(offset[j], v);
                max[j] = Math.max(max[j], v);
            }
        }
        for (int j = 0; j < w; j++) {
            scale[j] = max[j] > offset[j] ? 1 / (max[j] - offset[j]) : 1;
        }
    }

    private static void standardize(ExampleBlock b, double[] offset, double[] scale) {
        int w = b.width;
        double[] sq = new double[w];
        for (int i = 0; i < b.n; i++) {
            for (int j = 0; j < w; j++) {
                offset[j] += b.features[i * w + j];
            }
        }
        for (int j = 0; j < w; j++) {
            offset[j] /= b.n;
        }
        for (int i = 0; i < b.n; i++) {
            for (int j = 0; j < w; j++) {
                double d = b.features[i * w + j] - offset[j];
                sq[j] += d * d;
            }
        }
        // float32 values summed in double are exact here, so a constant feature has a variance of exactly 0
        for (int j = 0; j < w; j++) {
            double sd = Math.sqrt(sq[j] / b.n);
            scale[j] = sd > 0 ? 1 / sd : 1;
        }
    }

    /**
     * The block's features with the preprocessing applied, checked to stay finite: a value far
     * outside the training data's spread (or a feature nearly constant in it) can scale beyond the
     * float range, which would surface as a diverged loss with no pointer to the data.
     *
     * @throws DataException naming the source, the example (1-based, in file order) and the feature
     */
    public static ExampleBlock apply(Preprocessing pre, ExampleBlock b, String source) {
        float[] x = b.features.clone();
        if (pre != null) {
            pre.apply(x, b.n);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                int row = i / b.width;
                int feature = i % b.width;
                String how = pre == null || pre.isIdentity() ? ""
                        : " (offset " + pre.offset()[feature] + ", scale " + pre.scale()[feature] + ")";
                throw DataException.of(source, "example " + (b.ids[row] + 1) + ", feature " + (feature + 1) + ": the value "
                        + b.features[i] + " scales to " + x[i] + how + "; the feature is (nearly) constant in the "
                        + "training data or the value lies far outside it: use another scaling or drop the feature");
            }
        }
        return new ExampleBlock(b.n, b.width, x, b.ids, b.labels, b.targets, b.targetWidth, b.targetRowsPerExample);
    }
}
