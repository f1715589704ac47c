package io.sparknn.engine.io;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Input preprocessing learnt in training, applied before the network:
 * {@code x' = (x − offset) · scale} per feature, computed in double and rounded once to the
 * storage type. A missing offset means 0, a missing scale means 1.
 *
 * @param inputWidth  values per row the preprocessing applies to (the network's input size, or
 *                    its last dimension when an example has several rows, e.g. time steps)
 * @param offset      per-feature offset, or {@code null} for none
 * @param scale       per-feature factor, or {@code null} for none
 * @param labelNames  the class names in output order; empty when labels are plain class indices
 *                    or for regression
 */
public record Preprocessing(int inputWidth, double[] offset, double[] scale, List<String> labelNames) {

    public Preprocessing {
        if (inputWidth < 1) {
            throw new IllegalArgumentException("preprocessing: input width must be >= 1, got " + inputWidth);
        }
        offset = checked(offset, inputWidth, "offset");
        scale = checked(scale, inputWidth, "scale");
        labelNames = List.copyOf(Objects.requireNonNull(labelNames, "labelNames (use an empty list)"));
        if (new HashSet<>(labelNames).size() != labelNames.size()) {
            throw new IllegalArgumentException("preprocessing: label names are not distinct: " + labelNames);
        }
    }

    private static double[] checked(double[] v, int width, String what) {
        if (v == null) {
            return null;
        }
        if (v.length != width) {
            throw new IllegalArgumentException(
                    "preprocessing: " + what + " has " + v.length + " values for input width " + width);
        }
        for (int j = 0; j < v.length; j++) {
            if (!Double.isFinite(v[j])) {
                throw new IllegalArgumentException("preprocessing: " + what + " of feature " + j + " is " + v[j]);
            }
        }
        return v.clone();
    }

    /** No scaling and no label names. */
    public static Preprocessing none(int inputWidth) {
        return new Preprocessing(inputWidth, null, null, List.of());
    }

    @Override
    public double[] offset() {
        return offset == null ? null : offset.clone();
    }

    @Override
    public double[] scale() {
        return scale == null ? null : scale.clone();
    }

    /** True if {@link #apply} changes nothing. */
    public boolean isIdentity() {
        return offset == null && scale == null;
    }

    /** Applies the preprocessing in place to {@code rows} rows of {@link #inputWidth} values. */
    public void apply(float[] x, int rows) {
        if (nothingToApply(x.length, rows)) {
            return;
        }
        for (int i = 0; i < rows * inputWidth; i++) {
            x[i] = (float) scaled(x[i], i % inputWidth);
        }
    }

    /** Applies the preprocessing in place to {@code rows} rows of {@link #inputWidth} values. */
    public void apply(double[] x, int rows) {
        if (nothingToApply(x.length, rows)) {
            return;
        }
        for (int i = 0; i < rows * inputWidth; i++) {
            x[i] = scaled(x[i], i % inputWidth);
        }
    }

    /** Checks that {@code length} values hold {@code rows} rows; true if applying would change nothing. */
    private boolean nothingToApply(int length, int rows) {
        checkLength(length, rows);
        return isIdentity();
    }

    /** Value {@code v} of column {@code j}, preprocessed, in double. */
    private double scaled(double v, int j) {
        return (v - offsetOf(j)) * scaleOf(j);
    }

    private double offsetOf(int j) {
        return offset == null ? 0 : offset[j];
    }

    private double scaleOf(int j) {
        return scale == null ? 1 : scale[j];
    }

    private void checkLength(int length, int rows) {
        if (rows < 0 || (long) rows * inputWidth > length) {
            throw new IllegalArgumentException(rows + " rows of " + inputWidth + " values need "
                    + (long) rows * inputWidth + " values, got " + length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p
                && p.inputWidth == inputWidth
                && Arrays.equals(p.offset, offset)
                && Arrays.equals(p.scale, scale)
                && p.labelNames.equals(labelNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputWidth, Arrays.hashCode(offset), Arrays.hashCode(scale), labelNames);
    }

    @Override
    public String toString() {
        return "Preprocessing[inputWidth=" + inputWidth + ", offset=" + Arrays.toString(offset) + ", scale="
                + Arrays.toString(scale) + ", labelNames=" + labelNames + "]";
    }
}
