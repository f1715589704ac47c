package io.sparknn.trainer.checkpoint;

import java.util.List;

/**
 * How far a run's {@link MetricsLog} had got when a checkpoint was taken: what a resume needs to
 * cut the log back to exactly the lines written up to that checkpoint. A checkpoint records this
 * instead of the lines themselves, so its size does not grow with the run.
 *
 * @param lines    the number of lines in the log
 * @param segments in the segment form, the number of closed segment files that hold those lines;
 *                 0 in the single-file form
 * @param held     the lines themselves, for a checkpoint written before this mark existed (it held
 *                 its own copy of {@code metrics.jsonl}); null otherwise
 */
public record MetricsMark(long lines, int segments, List<String> held) {

    /** A mark of a log holding {@code lines} lines in {@code segments} closed segments (0: one file). */
    public static MetricsMark of(long lines, int segments) {
        return new MetricsMark(lines, segments, null);
    }

    /** The mark of an older checkpoint that holds its metrics lines. */
    public static MetricsMark held(List<String> lines) {
        return new MetricsMark(lines.size(), 0, List.copyOf(lines));
    }
}
