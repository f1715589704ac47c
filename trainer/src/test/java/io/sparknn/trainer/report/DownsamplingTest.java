package io.sparknn.trainer.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DownsamplingTest {
    @Test
    void aShortCurveIsDrawnWholeAndSplitAtEveryGap() {
        double[] x = {0, 1, 2, 3, 4, 5, 6};
        double[] y = {1, Double.NaN, 2, 3, Double.NEGATIVE_INFINITY, 0, 5};
        List<Downsampling.Segment> s = Downsampling.segments(x, y, 3, 0, 6, false);
        assertEquals(
                List.of(1, 2, 2), s.stream().map(Downsampling.Segment::size).toList());
        assertArrayEquals(new double[] {2, 3}, s.get(1).x());
        // on a log axis, 0 cannot be drawn either
        assertEquals(
                List.of(1, 2, 1),
                Downsampling.segments(x, y, 3, 0, 6, true).stream()
                        .map(Downsampling.Segment::size)
                        .toList());
    }

    @Test
    void aLongSegmentKeepsTheMinAndMaxOfEachColumnInTheirOrder() {
        // 12 points over 2 columns (more than 2 per column): x 0..5 in column 0, 6..11 in column 1
        double[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        double[] y = {5, 9, 1, 5, 5, 5, 7, 7, 7, 7, 7, 7};
        Downsampling.Segment s = Downsampling.segments(x, y, 2, 0, 12, false).get(0);
        assertArrayEquals(new double[] {1, 2, 6}, s.x(), "max (x 1) then min (x 2); a flat column keeps one point");
        assertArrayEquals(new double[] {9, 1, 7}, s.y());
    }

    @Test
    void theColumnOfAValue() {
        assertEquals(0, Downsampling.column(0, 10, 0, 100));
        assertEquals(9, Downsampling.column(100, 10, 0, 100), "the right edge belongs to the last column");
        assertEquals(4, Downsampling.column(49.99, 10, 0, 100));
        assertEquals(0, Downsampling.column(5, 10, 5, 5), "a single x");
    }
}
