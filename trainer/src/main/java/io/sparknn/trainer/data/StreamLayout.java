package io.sparknn.trainer.data;

import io.sparknn.engine.train.Streams;

/**
 * Where the windows of stateful streams live on Spark: {@code streams} contiguous streams of
 * {@code windows} windows each over characters [0, trainChars) ({@link Streams#of}), partition p
 * holding {@code count[p]} of them from {@code first[p]} on ({@link Streams#split}), each
 * partition's windows in {@code chunks} chunks of {@code chunkWindows} windows (the last may hold
 * fewer), chunk c of partition p being chunk number {@code p·chunks + c}. Only arithmetic: {@link
 * DistributedText#streams} gathers the characters into this layout.
 */
record StreamLayout(long length, int window, int windows, int[] first, int[] count, int chunkWindows, int chunks) {
    /**
     * The layout of {@code streams} streams of windows of {@code window} over {@code trainChars}
     * characters in {@code partitions} partitions, a chunk holding as many windows as make at most
     * {@code chunkIds} token ids (one window at least).
     */
    static StreamLayout of(long trainChars, int streams, int window, int partitions, int chunkIds) {
        long length = (trainChars - 1) / streams;
        int windows = Math.toIntExact(length / window);
        if (windows < 1) {
            throw new IllegalArgumentException("a span of " + trainChars + " characters cut into " + streams
                    + " streams leaves " + length + " per stream, less than one window of " + window);
        }
        int[] first = new int[partitions];
        int[] count = new int[partitions];
        int next = 0;
        for (int p = 0; p < partitions; p++) {
            first[p] = next;
            count[p] = streams / partitions + (p < streams % partitions ? 1 : 0);
            next += count[p];
        }
        long perWindow = (long) Math.max(1, count[0]) * window;
        int chunkWindows = (int) Math.max(1, Math.min(windows, chunkIds / perWindow));
        int chunks = (windows + chunkWindows - 1) / chunkWindows;
        return new StreamLayout(length, window, windows, first, count, chunkWindows, chunks);
    }

    /**
     * For each chunk k = p·chunks + c, the global offsets [from, to) of each of its rows: row i is
     * stream {@code first[p] + i}'s tokens from the first input of window c·chunkWindows through
     * the last target of the chunk's last window.
     */
    long[][][] rowRanges() {
        int partitions = first.length;
        long[][][] ranges = new long[partitions * chunks][][];
        for (int p = 0; p < partitions; p++) {
            for (int c = 0; c < chunks; c++) {
                int from = c * chunkWindows;
                int held = Math.min(chunkWindows, windows - from);
                long[][] rows = new long[count[p]][];
                for (int i = 0; i < count[p]; i++) {
                    long rowStart = (first[p] + i) * length + (long) from * window;
                    rows[i] = new long[] {rowStart, rowStart + (long) held * window + 1};
                }
                ranges[p * chunks + c] = rows;
            }
        }
        return ranges;
    }
}
