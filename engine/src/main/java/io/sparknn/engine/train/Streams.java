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
 * trained on. A {@code Streams} object holds a contiguous range of streams (one partition's share),
 * and of their windows a contiguous range (all of them, or a chunk: a partition's streams of a
 * large text cut in chunks of windows, so that a step reads one chunk, not the partition's text).
 *
 * <p>A plain class, not a record: Spark's Kryo cannot create records.
 */
public final class Streams implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int first;
    private final int count;
    private final int window;
    private final int windows;
    /** The first window held, and how many. */
    private final int fromWindow;

    private final int heldWindows;
    /** {@code count} rows of {@code heldWindows·T + 1} token ids. */
    private final int[] tokens;

    /** @param first the global index of the first stream held */
    public Streams(int first, int count, int window, int windows, int[] tokens) {
        this(first, count, window, windows, 0, windows, tokens);
    }

    /**
     * Windows [fromWindow, fromWindow + heldWindows) of streams [first, first + count) of streams of
     * {@code windows} windows each: {@code count} rows of {@code heldWindows·window + 1} tokens, row
     * i starting at the first input of window {@code fromWindow} of stream {@code first + i}.
     */
    public Streams(int first, int count, int window, int windows, int fromWindow, int heldWindows, int[] tokens) {
        if (fromWindow < 0 || heldWindows < 0 || fromWindow + heldWindows > windows) {
            throw new IllegalArgumentException(
                    "windows [" + fromWindow + ", " + (fromWindow + heldWindows) + ") of " + windows);
        }
        if (tokens.length != (long) count * (heldWindows * window + 1)) {
            throw new IllegalArgumentException(count + " streams of " + heldWindows + " windows of " + window + " need "
                    + (long) count * (heldWindows * window + 1) + " tokens, got " + tokens.length);
        }
        this.first = first;
        this.count = count;
        this.window = window;
        this.windows = windows;
        this.fromWindow = fromWindow;
        this.heldWindows = heldWindows;
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

    /** Windows per stream (held here or not). */
    public int windows() {
        return windows;
    }

    /** The first window held. */
    public int fromWindow() {
        return fromWindow;
    }

    /** How many windows are held, from {@link #fromWindow()} on. */
    public int heldWindows() {
        return heldWindows;
    }

    /** Tokens held per stream. */
    public int rowLength() {
        return heldWindows * window + 1;
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
        return new Streams(
                first + from,
                n,
                window,
                windows,
                fromWindow,
                heldWindows,
                Arrays.copyOfRange(tokens, from * row, (from + n) * row));
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
        int at = held(w) * window;
        for (int s = 0; s < count; s++) {
            System.arraycopy(tokens, s * row + at + 1, y, s * window, window);
        }
        return y;
    }

    private void copyWindow(int w, int shift, float[] dst) {
        int row = rowLength();
        int at = held(w) * window;
        for (int s = 0; s < count; s++) {
            for (int t = 0; t < window; t++) {
                dst[s * window + t] = tokens[s * row + at + t + shift];
            }
        }
    }

    /** Window w's place among the windows held. */
    private int held(int w) {
        if (w < fromWindow || w >= fromWindow + heldWindows) {
            throw new IllegalArgumentException(
                    "window " + w + " is not held: windows [" + fromWindow + ", " + (fromWindow + heldWindows) + ")");
        }
        return w - fromWindow;
    }
}
