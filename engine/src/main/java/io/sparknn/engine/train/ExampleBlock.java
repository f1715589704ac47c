package io.sparknn.engine.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A packed block of examples, the unit the cached training RDD holds (one object per block, not
 * per example): {@code n} rows of {@code width} float features, row-major, with a global id per
 * row and either one int label per target row (classification) or {@code targetWidth} float values
 * per target row (regression, probability targets). A target row is an example, or one of its
 * time steps for per-time-step outputs ({@code targetRowsPerExample} > 1).
 */
public final class ExampleBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    public final int n;
    public final int width;
    public final float[] features;
    public final long[] ids;
    /** Class labels, {@code n · targetRowsPerExample} of them; null for value targets. */
    public final int[] labels;
    /** Value targets, {@code n · targetRowsPerExample · targetWidth}; null for labels. */
    public final float[] targets;

    public final int targetWidth;
    public final int targetRowsPerExample;

    public ExampleBlock(
            int n,
            int width,
            float[] features,
            long[] ids,
            int[] labels,
            float[] targets,
            int targetWidth,
            int targetRowsPerExample) {
        if (features.length != (long) n * width || ids.length != n) {
            throw new IllegalArgumentException("block of " + n + " rows of width " + width + " has " + features.length
                    + " features and " + ids.length + " ids");
        }
        if ((labels == null) == (targets == null)) {
            throw new IllegalArgumentException("a block has either labels or value targets");
        }
        long rows = (long) n * targetRowsPerExample;
        if (labels != null ? labels.length != rows : targets.length != rows * targetWidth) {
            throw new IllegalArgumentException("block of " + n + " rows has targets of the wrong length");
        }
        this.n = n;
        this.width = width;
        this.features = features;
        this.ids = ids;
        this.labels = labels;
        this.targets = targets;
        this.targetWidth = targetWidth;
        this.targetRowsPerExample = targetRowsPerExample;
    }

    /** A classification block, one label per example. */
    public static ExampleBlock classification(int width, float[] features, long[] ids, int[] labels) {
        return new ExampleBlock(ids.length, width, features, ids, labels, null, 1, 1);
    }

    /** Examples with one class label each, ids 0..n−1 in row order: the rows are copied. */
    public static ExampleBlock ofLabels(float[][] features, int[] labels) {
        if (labels.length != features.length) {
            throw new IllegalArgumentException(features.length + " feature rows and " + labels.length + " labels");
        }
        return copiedRows(features, labels.clone(), null);
    }

    /** Examples with a row of target values each (regression, 0/1 targets), ids 0..n−1: the rows are copied. */
    public static ExampleBlock ofValues(float[][] features, float[][] targets) {
        if (targets.length != features.length) {
            throw new IllegalArgumentException(
                    features.length + " feature rows and " + targets.length + " target rows");
        }
        return copiedRows(features, null, targets);
    }

    /**
     * The examples of {@link #ofLabels} (targets null) or {@link #ofValues} (labels null): the rows
     * copied into flat arrays, ids 0..n−1 in row order, one target row per example. The widths are
     * found, features first, before anything is copied.
     */
    private static ExampleBlock copiedRows(float[][] features, int[] labels, float[][] targets) {
        int width = width(features);
        int targetWidth = targets == null ? 1 : width(targets);
        return new ExampleBlock(
                features.length,
                width,
                flat(features, width, "feature"),
                ids(features.length),
                labels,
                targets == null ? null : flat(targets, targetWidth, "target"),
                targetWidth,
                1);
    }

    private static int width(float[][] rows) {
        return rows.length == 0 ? 0 : rows[0].length;
    }

    private static float[] flat(float[][] rows, int width, String what) {
        float[] out = new float[Math.multiplyExact(rows.length, width)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException(
                        what + " row " + i + " has " + rows[i].length + " values, row 0 has " + width);
            }
            System.arraycopy(rows[i], 0, out, i * width, width);
        }
        return out;
    }

    private static long[] ids(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** The blocks' rows one after another, in list order (which must not be empty). */
    public static ExampleBlock concat(List<ExampleBlock> blocks) {
        if (blocks.size() == 1) {
            return blocks.get(0);
        }
        ExampleBlock first = blocks.get(0);
        int n = Math.toIntExact(blocks.stream().mapToLong(b -> b.n).sum());
        int per = first.targetRowsPerExample;
        int tw = first.targetWidth * per;
        float[] x = new float[Math.multiplyExact(n, first.width)];
        long[] ids = new long[n];
        int[] labels = first.labels == null ? null : new int[n * per];
        float[] targets = first.targets == null ? null : new float[n * tw];
        int at = 0;
        for (ExampleBlock b : blocks) {
            System.arraycopy(b.features, 0, x, at * first.width, b.n * first.width);
            System.arraycopy(b.ids, 0, ids, at, b.n);
            if (labels != null) {
                System.arraycopy(b.labels, 0, labels, at * per, b.n * per);
            } else {
                System.arraycopy(b.targets, 0, targets, at * tw, b.n * tw);
            }
            at += b.n;
        }
        return new ExampleBlock(n, first.width, x, ids, labels, targets, first.targetWidth, per);
    }

    /** Block sizes for n examples in this many partitions, as even as possible (the first ones one larger). */
    public static int[] evenSizes(long n, int partitions) {
        int[] sizes = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            sizes[p] = Math.toIntExact(n / partitions + (p < n % partitions ? 1 : 0));
        }
        return sizes;
    }

    /** Consecutive rows of {@code all} in blocks of the given sizes (which must add up to all.n). */
    public static List<ExampleBlock> split(ExampleBlock all, int[] sizes) {
        if (Arrays.stream(sizes).sum() != all.n) {
            throw new IllegalArgumentException(
                    "partition sizes " + Arrays.toString(sizes) + " do not add up to " + all.n);
        }
        List<ExampleBlock> out = new ArrayList<>();
        int from = 0;
        for (int size : sizes) {
            out.add(all.slice(from, size));
            from += size;
        }
        return out;
    }

    /** Rows [from, from + n) of a block. */
    public ExampleBlock slice(int from, int n) {
        ExampleBlock b = this;
        int per = b.targetRowsPerExample;
        float[] x = Arrays.copyOfRange(b.features, from * b.width, (from + n) * b.width);
        long[] ids = Arrays.copyOfRange(b.ids, from, from + n);
        int[] labels = b.labels == null ? null : Arrays.copyOfRange(b.labels, from * per, (from + n) * per);
        int tw = b.targetWidth * per;
        float[] targets = b.targets == null ? null : Arrays.copyOfRange(b.targets, from * tw, (from + n) * tw);
        return new ExampleBlock(n, b.width, x, ids, labels, targets, b.targetWidth, per);
    }

    /** The given rows of a block, in that order, keeping their ids. */
    public ExampleBlock rows(int[] rows) {
        ExampleBlock b = this;
        int per = b.targetRowsPerExample;
        int tw = b.targetWidth * per;
        float[] x = new float[rows.length * b.width];
        long[] ids = new long[rows.length];
        int[] labels = b.labels == null ? null : new int[rows.length * per];
        float[] targets = b.targets == null ? null : new float[rows.length * tw];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            System.arraycopy(b.features, r * b.width, x, i * b.width, b.width);
            ids[i] = b.ids[r];
            if (labels != null) {
                System.arraycopy(b.labels, r * per, labels, i * per, per);
            } else {
                System.arraycopy(b.targets, r * tw, targets, i * tw, tw);
            }
        }
        return new ExampleBlock(rows.length, b.width, x, ids, labels, targets, b.targetWidth, per);
    }
}
