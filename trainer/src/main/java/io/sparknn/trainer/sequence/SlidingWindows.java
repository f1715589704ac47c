package io.sparknn.trainer.sequence;

import io.sparknn.engine.train.ExampleBlock;

/**
 * Sliding windows over a token span, each an independent example trained from a zero state:
 * window j starts at token {@code j·stride}; its features are the {@code window} ids there and its
 * labels the next {@code window} ids (one per time step). Stride 1 overlaps maximally; stride =
 * window tiles the span. Windows must end inside the span (the last label is its last token).
 */
public final class SlidingWindows {
    private SlidingWindows() {}

    /** Windows in the span: ⌊(tokens − 1 − window) / stride⌋ + 1, or 0 when the span is too short. */
    public static int count(int tokens, int window, int stride) {
        if (window < 1 || stride < 1) {
            throw new IllegalArgumentException("window and stride must be >= 1, got " + window + " and " + stride);
        }
        return tokens - 1 < window ? 0 : (tokens - 1 - window) / stride + 1;
    }

    /** All windows as one block: ids 0..count−1, features (count, window), labels (count·window). */
    public static ExampleBlock block(int[] tokens, int window, int stride) {
        int n = count(tokens.length, window, stride);
        if (n == 0) {
            throw new IllegalArgumentException("a span of " + tokens.length + " characters holds no window of " + window
                    + " (with its next-character targets)");
        }
        return windows(tokens, 0, n, window, stride);
    }

    /**
     * {@code n} windows of a piece of the span, with ids {@code firstId}, {@code firstId + 1}, …:
     * window i starts at {@code tokens[i·stride]}, so {@code tokens[0]} is where window
     * {@code firstId} starts in the span (a piece cut where the text lives gives the rows the whole
     * span's block has for those ids).
     */
    public static ExampleBlock windows(int[] tokens, long firstId, int n, int window, int stride) {
        float[] x = new float[Math.multiplyExact(n, window)];
        int[] y = new int[n * window];
        long[] ids = new long[n];
        for (int j = 0; j < n; j++) {
            int start = j * stride;
            for (int t = 0; t < window; t++) {
                x[j * window + t] = tokens[start + t];
                y[j * window + t] = tokens[start + t + 1];
            }
            ids[j] = firstId + j;
        }
        return new ExampleBlock(n, window, x, ids, y, null, 1, window);
    }
}
