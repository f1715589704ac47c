package io.sparknn.trainer.report;

import java.util.List;

/**
 * A line chart: its curves, axis titles and the places marked on the x axis (where a failed run
 * stopped).
 *
 * @param id a name for the page's anchors and tests: letters, digits and dashes
 */
public record Chart(String id, String title, String xTitle, String yTitle, List<Series> series, List<Marker> markers) {
    public Chart {
        series = List.copyOf(series);
        markers = List.copyOf(markers);
    }

    /** A vertical line at {@code x}, labelled. */
    public record Marker(double x, String label) {}

    /** True when some curve has a point to draw. */
    boolean hasPoints() {
        return series.stream().anyMatch(Series::hasPoints);
    }
}
