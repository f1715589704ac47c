package io.sparknn.trainer.data;

import io.sparknn.engine.io.Preprocessing;
import java.io.Serializable;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A unit's rows a selection keeps, counted on the executor that holds them: how many, or the first
 * whose scaled value is not finite (an error naming its file and line), so a held-out split or a
 * scaling that overflows fails before the rows are laid out in partitions.
 */
public record SelectedRows(long n, DataException error) implements Serializable {
    /** Values scaled at once when checking a unit. */
    private static final int CHECK_VALUES = 1 << 20;

    /**
     * How many of the unit's rows {@code rows} keeps, or the first whose scaled value is not finite,
     * named by its file and line; scaled a chunk of rows at a time, not as a copy of the unit.
     */
    static SelectedRows of(ParsedPart p, long firstId, RowSelection rows, double[] offset, double[] scale, int width) {
        boolean[] keep = rows.keep(firstId, p.n);
        int[] kept = IntStream.range(0, p.n).filter(i -> keep[i]).toArray();
        if (offset == null && scale == null) {
            return new SelectedRows(kept.length, null);
        }
        Preprocessing pre = new Preprocessing(width, offset, scale, List.of());
        int chunk = Math.max(1, CHECK_VALUES / Math.max(1, width));
        for (int from = 0; from < kept.length; from += chunk) {
            int k = Math.min(chunk, kept.length - from);
            float[] raw = new float[k * width];
            for (int r = 0; r < k; r++) {
                System.arraycopy(p.features, kept[from + r] * width, raw, r * width, width);
            }
            float[] x = raw.clone();
            pre.apply(x, k);
            int at = from;
            try {
                Scaling.requireFinite(
                        pre, raw, x, width, (r, problem) -> p.errorAt(kept[at + r], firstId + kept[at + r], problem));
            } catch (DataException e) {
                return new SelectedRows(0, e);
            }
        }
        return new SelectedRows(kept.length, null);
    }
}
