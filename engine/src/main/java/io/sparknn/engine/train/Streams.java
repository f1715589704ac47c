package io.sparknn.engine.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A token span cut into {@code streams} contiguous streams of equal length for stateful truncated
 * BPTT: stream s reads tokens {@code [s·L, s·L + windows·T]} (its inputs and, shifted by one, its
 * targets), where {@code L = ⌊(tokens − 1) / streams⌋} and {@code windows = ⌊L / T⌋}. Step t of an
 * epoch takes window t of every stream; the last {@code L − windows·T} tokens of each stream are not
 * trained on. A {@code Streams} object holds a contiguous range of streams (one partition's share).
 *
 * <p>A plain class, not a record: Spark's Kryo cannot create records.
 */
public final class Streams implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int first;
    private final int count;
    private final int window;
    private final int windows;
    /** {@code count} rows of {@code windows·T + 1} token ids. */
    private final int[] tokens;

    /** @param first the global index of the first stream held */
    public Streams(int first, int count, int window, int windows, int[] tokens) {
        if (tokens.length != (long) count * (windows * window + 1)) {
            throw new IllegalArgumentException(count + " streams of " + windows + " windows of " + window + " need "
                    + (long) count * (windows * window + 1) + " tokens, got " + tokens.length);
        }
        this.first = first;
        this.count = count;
        this.window = window;
        this.windows = windows;
        this.tokens = tokens;
    }

    public int first() {
        return first;
    }

    public int count() {
        return count;
    }

    public int window() {
        return window;
    }

    public int windows() {
        return windows;
    }

    public int rowLength() {
        return windows * window + 1;
    }

    /** All streams of a span. */
    public static Streams of(int[] span, int streams, int window) {
        if (streams < 1 || window < 1) {
            throw new IllegalArgumentException("streams and window must be >= 1, got " + streams + " and " + window);
        }
        int length = (span.length - 1) / streams;
        int windows = length / window;
        if (windows < 1) {
            throw new IllegalArgumentException("a span of " + span.length + " characters cut into " + streams
                    + " streams leaves " + length + " per stream, less than one window of " + window);
        }
        int row = windows * window + 1;
        int[] t = new int[streams * row];
        for (int s = 0; s < streams; s++) {
            System.arraycopy(span, s * length, t, s * row, row);
        }
        return new Streams(0, streams, window, windows, t);
    }

    /** Streams [from, from + n) of these, keeping their global indices. */
    public Streams slice(int from, int n) {
        int row = rowLength();
        return new Streams(first + from, n, window, windows, Arrays.copyOfRange(tokens, from * row, (from + n) * row));
    }

    /** Contiguous ranges of streams, as even as possible (the first ones one larger). */
    public List<Streams> split(int parts) {
        List<Streams> out = new ArrayList<>();
        int from = 0;
        for (int p = 0; p < parts; p++) {
            int n = count / parts + (p < count % parts ? 1 : 0);
            out.add(slice(from, n));
            from += n;
        }
        return out;
    }

    /** Inputs of window w of every stream held, (count, T), as ids. */
    public void inputs(int w, float[] dst) {
        copyWindow(w, 0, dst);
    }

    /** Labels of window w: the next token at each step, (count·T). */
    public int[] labels(int w) {
        int[] y = new int[count * window];
        int row = rowLength();
        for (int s = 0; s < count; s++) {
            System.arraycopy(tokens, s * row + w * window + 1, y, s * window, window);
        }
        return y;
    }

    private void copyWindow(int w, int shift, float[] dst) {
        int row = rowLength();
        for (int s = 0; s < count; s++) {
            for (int t = 0; t < window; t++) {
                dst[s * window + t] = tokens[s * row + w * window + t + shift];
            }
        }
    }
}
