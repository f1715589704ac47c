package io.sparknn.trainer.data;

import io.sparknn.engine.train.ExampleBlock;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One unit's rows as a task parsed them, kept in a persisted RDD until the data set is cut into
 * training partitions; or the error that stopped the parse. A bad unit is a value, not a failed
 * task: the driver reports the first error in the data set's order, as a read on one machine
 * would, without Spark retrying the task or logging its stack trace.
 */
public final class ParsedPart implements Serializable {
    private static final long serialVersionUID = 1L;

    public final int index;
    public final String source;
    public final int n;
    public final int width;
    public final float[] features;
    /** Class indices, class names or regression targets, one per row; at most one is non-null. */
    public final int[] labels;

    public final String[] stringLabels;
    public final float[] targets;
    /** 1-based source line per row, or null for sources without lines (rows are then counted). */
    public final long[] lineNumbers;

    public final String[] declaredLabels;
    public final long skippedMalformed;
    public final String[] skipReasons;
    public final DataException error;

    private ParsedPart(int index, String source, ParsedExamples p, DataException error) {
        this.index = index;
        this.source = source;
        this.error = error;
        this.n = p == null ? 0 : p.n;
        this.width = p == null ? 0 : p.width;
        this.features = p == null ? new float[0] : p.features;
        this.labels = p == null ? null : p.labels;
        this.stringLabels = p == null ? null : p.stringLabels;
        this.targets = p == null ? null : p.targets;
        this.lineNumbers = p == null ? null : p.lineNumbers;
        this.declaredLabels = p == null ? new String[0] : p.labelNames.toArray(new String[0]);
        this.skippedMalformed = p == null ? 0 : p.skippedMalformed;
        this.skipReasons = p == null ? new String[0] : p.skipReasons.toArray(new String[0]);
    }

    public static ParsedPart of(int index, ParsedExamples p) {
        return new ParsedPart(index, p.source, p, null);
    }

    public static ParsedPart failed(int index, String source, DataException e) {
        return new ParsedPart(index, source, null, e);
    }

    /**
     * The same rows without feature column {@code column} (0-based): a CSV's label column read as
     * a feature, taken out again without parsing the file a second time.
     */
    public ParsedPart withoutColumn(int column) {
        if (error != null) {
            return this;
        }
        int w = width - 1;
        float[] x = new float[n * w];
        for (int i = 0; i < n; i++) {
            System.arraycopy(features, i * width, x, i * w, column);
            System.arraycopy(features, i * width + column + 1, x, i * w + column, w - column);
        }
        return of(
                index,
                new ParsedExamples(
                        source,
                        n,
                        w,
                        new int[] {w},
                        x,
                        labels,
                        stringLabels,
                        targets,
                        List.of(declaredLabels),
                        lineNumbers,
                        skippedMalformed,
                        0,
                        List.of(skipReasons)));
    }

    /** What the driver needs to check and lay out the data set, without the rows. */
    public PartSummary summary() {
        String[] names = null;
        long[] firstRows = null;
        if (stringLabels != null) {
            Map<String, Integer> first = new TreeMap<>();
            for (int i = n - 1; i >= 0; i--) {
                first.put(stringLabels[i], i);
            }
            names = first.keySet().toArray(new String[0]);
            firstRows = first.values().stream().mapToLong(Integer::longValue).toArray();
        }
        int maxLabel = labels == null ? -1 : Arrays.stream(labels).max().orElse(-1);
        return new PartSummary(
                index,
                source,
                n,
                width,
                error,
                labels != null || stringLabels != null,
                names,
                firstRows,
                lineNumbers == null ? null : firstLines(firstRows),
                List.of(declaredLabels),
                maxLabel,
                skippedMalformed,
                List.of(skipReasons),
                lineNumbers != null && n > 0 ? lineNumbers[0] : -1);
    }

    private long[] firstLines(long[] rows) {
        if (rows == null) {
            return null;
        }
        long[] lines = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            lines[i] = lineNumbers[(int) rows[i]];
        }
        return lines;
    }

    /**
     * An error about this unit's row {@code i} (0-based), whose global id is {@code id}: at its
     * line when the source has lines, else at its row, which for a table counts across all its
     * partitions (the id + 1) and for a unit of its own is the id + 1 as well.
     */
    public DataException errorAt(int i, long id, String problem) {
        return lineNumbers != null
                ? DataException.atLine(source, lineNumbers[i], problem)
                : DataException.atRow(source, id + 1, problem);
    }

    /**
     * The rows {@code rows} keeps, in order, as a block with their global ids ({@code firstId}
     * onwards) and class names turned into indices by {@code index}.
     *
     * @param width the data set's width (an empty unit may not know it)
     */
    public ExampleBlock select(long firstId, RowSelection rows, LabelIndex index, int width) {
        boolean[] keep = rows.keep(firstId, n);
        int k = 0;
        for (boolean b : keep) {
            k += b ? 1 : 0;
        }
        float[] x = new float[Math.multiplyExact(k, width)];
        long[] ids = new long[k];
        int[] classes = labels != null || stringLabels != null ? new int[k] : null;
        float[] values = targets != null ? new float[k] : null;
        int at = 0;
        for (int i = 0; i < n; i++) {
            if (!keep[i]) {
                continue;
            }
            System.arraycopy(features, i * width, x, at * width, width);
            ids[at] = firstId + i;
            if (labels != null) {
                classes[at] = labels[i];
            } else if (stringLabels != null) {
                classes[at] = index.indexOf(stringLabels[i]);
            } else {
                values[at] = targets[i];
            }
            at++;
        }
        return new ExampleBlock(k, width, x, ids, classes, values, 1, 1);
    }
}
