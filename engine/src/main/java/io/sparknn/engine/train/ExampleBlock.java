package io.sparknn.engine.train;

import java.io.Serializable;
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

    public ExampleBlock(int n, int width, float[] features, long[] ids, int[] labels, float[] targets,
                        int targetWidth, int targetRowsPerExample) {
        if (features.length != (long) n * width || ids.length != n) {
            throw new IllegalArgumentException("block of " + n + " rows of width " + width + " has "
                    + features.length + " features and " + ids.length + " ids");
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
}
