package io.sparknn.trainer.data;

import io.sparknn.engine.io.Preprocessing;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.trainer.config.ScalingKind;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Feature scaling learnt from the training data and saved in the model file, so prediction on raw
 * data sees what training saw: {@code x' = (x − offset) · scale} per feature.
 */
public final class Scaling {
    private Scaling() {}

    /**
     * @param mode  none; standardize (offset mean, scale 1/sd, population sd; a constant feature gets
     *              scale 1); minmax (to [0, 1]; a constant feature gets scale 1); divide (scale 1/divisor)
     */
    public static Preprocessing fit(ExampleBlock b, ScalingKind mode, double divisor, List<String> labelNames) {
        return fit(
                mode,
                divisor,
                b.width,
                FeatureStats.of(b.features, b.width, null),
                mean -> FeatureStats.squaredDeviations(b.features, b.width, null, mean),
                labelNames);
    }

    /**
     * The scaling of rows with these statistics; {@code squaredDeviations} gives, for a mean, each
     * feature's sum of squared deviations from it over the same rows (asked only to standardize).
     */
    public static Preprocessing fit(
            ScalingKind mode,
            double divisor,
            int width,
            FeatureStats stats,
            Function<double[], double[]> squaredDeviations,
            List<String> labelNames) {
        if (mode == ScalingKind.NONE) {
            return new Preprocessing(width, null, null, labelNames);
        }
        double[] offset = new double[width];
        double[] scale = new double[width];
        switch (mode) {
            case NONE -> throw new AssertionError("NONE returns above");
            case DIVIDE -> Arrays.fill(scale, 1 / divisor);
            case MINMAX -> {
                for (int j = 0; j < width; j++) {
                    offset[j] = stats.min[j];
                    scale[j] = stats.max[j] > stats.min[j] ? 1 / (stats.max[j] - stats.min[j]) : 1;
                }
            }
            case STANDARDIZE -> {
                for (int j = 0; j < width; j++) {
                    offset[j] = stats.sum[j] / stats.count;
                }
                double[] sq = squaredDeviations.apply(offset.clone());
                // float32 values summed in double are exact here, so a constant feature has a variance of exactly 0
                for (int j = 0; j < width; j++) {
                    double sd = Math.sqrt(sq[j] / stats.count);
                    scale[j] = sd > 0 ? 1 / sd : 1;
                }
            }
        }
        return new Preprocessing(width, offset, scale, labelNames);
    }

    /** Where a block's row is in its source, for an error about it. */
    @FunctionalInterface
    public interface Locator {
        /** An error about the block's {@code row} (0-based), naming its source and place. */
        DataException at(int row, String problem);
    }

    /**
     * As {@link #apply(Preprocessing, ExampleBlock, Locator)}, the bad value's place being the
     * example (its id + 1) in {@code source}.
     */
    public static ExampleBlock apply(Preprocessing pre, ExampleBlock b, String source) {
        return apply(
                pre, b, (row, problem) -> DataException.of(source, "example " + (b.ids[row] + 1) + ", " + problem));
    }

    /**
     * The block's features with the preprocessing applied, checked to stay finite: a value far
     * outside the training data's spread (or a feature nearly constant in it) can scale beyond the
     * float range, which would surface as a diverged loss with no pointer to the data.
     *
     * @param where names the first row holding such a value (a file and line, a table row)
     * @throws DataException from {@code where}, stating the feature, the value and the scaling
     */
    public static ExampleBlock apply(Preprocessing pre, ExampleBlock b, Locator where) {
        float[] x = b.features.clone();
        if (pre != null) {
            pre.apply(x, b.n);
        }
        requireFinite(pre, b.features, x, b.width, where);
        return new ExampleBlock(b.n, b.width, x, b.ids, b.labels, b.targets, b.targetWidth, b.targetRowsPerExample);
    }

    /**
     * The first value of {@code scaled} (rows of {@code width} scaled from {@code raw}) that is
     * not finite is an error from {@code where}, stating the feature, the value and the scaling.
     */
    public static void requireFinite(Preprocessing pre, float[] raw, float[] scaled, int width, Locator where) {
        for (int i = 0; i < scaled.length; i++) {
            if (!Float.isFinite(scaled[i])) {
                int row = i / width;
                int feature = i % width;
                String how = pre == null || pre.isIdentity()
                        ? ""
                        : " (offset " + pre.offset()[feature] + ", scale " + pre.scale()[feature] + ")";
                throw where.at(
                        row,
                        "feature " + (feature + 1) + ": the value " + raw[i] + " scales to " + scaled[i] + how
                                + "; the feature is (nearly) constant in the training data or the value lies far outside it: use "
                                + "another scaling or drop the feature");
            }
        }
    }
}
