package io.sparknn.trainer.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link Chart} as one inline {@code <svg>} in a {@code <figure>}, with its legend (every
 * curve's name and last value) as HTML below it, so nothing is shown only on hover. Each curve is
 * one {@code <path>}; each of its {@link Downsampling} segments starts with a move ({@code M}), so
 * a gap (NaN) is a separate path segment.
 */
final class SvgChart {
    static final int WIDTH = 640;
    static final int HEIGHT = 300;
    static final int LEFT = 64;
    static final int RIGHT = 16;
    static final int TOP = 14;
    static final int BOTTOM = 42;
    /** The plot's width in pixels: the columns the curves are thinned to. */
    static final int COLUMNS = WIDTH - LEFT - RIGHT;

    private SvgChart() {}

    static void render(Chart chart, StringBuilder b) {
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (Series s : chart.series()) {
            xs.add(s.x());
            ys.add(s.y());
        }
        for (Chart.Marker m : chart.markers()) {
            xs.add(new double[] {m.x()});
        }
        Axis x = Axis.over(xs, false, false);
        Axis y = Axis.over(ys, true, false);
        String title = Xml.escape(chart.title());
        b.append("<figure class=\"chart\" id=\"chart-").append(chart.id()).append("\">\n");
        b.append("<figcaption>").append(title).append(y.log() ? " <span class=\"scale\">(log scale)</span>" : "");
        b.append("</figcaption>\n");
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"")
                .append(title)
                .append("\">\n");
        axes(chart, x, y, b);
        for (Series s : chart.series()) {
            curve(s, x, y, b);
        }
        for (Chart.Marker m : chart.markers()) {
            double px = px(x, m.x());
            b.append("<line class=\"marker\" x1=\"");
            Xml.coordinate(b, px);
            b.append("\" x2=\"");
            Xml.coordinate(b, px);
            b.append("\" y1=\"")
                    .append(TOP)
                    .append("\" y2=\"")
                    .append(HEIGHT - BOTTOM)
                    .append("\"/>\n");
            b.append("<text class=\"marker-label\" x=\"");
            Xml.coordinate(b, Math.max(LEFT + 4, px - 4));
            b.append("\" y=\"").append(TOP + 12).append("\" text-anchor=\"end\">");
            b.append(Xml.escape(m.label())).append("</text>\n");
        }
        b.append("</svg>\n<ul class=\"legend\">\n");
        for (Series s : chart.series()) {
            b.append("<li><span class=\"swatch c")
                    .append(s.color() % Palette.SIZE)
                    .append(s.dashed() ? " dashed" : "")
                    .append("\"></span>")
                    .append(Xml.escape(s.name()))
                    .append(": last ")
                    .append(Xml.number(s.lastValue()))
                    .append("</li>\n");
        }
        b.append("</ul>\n</figure>\n");
    }

    private static void axes(Chart chart, Axis x, Axis y, StringBuilder b) {
        int bottom = HEIGHT - BOTTOM;
        b.append("<rect class=\"frame\" x=\"")
                .append(LEFT)
                .append("\" y=\"")
                .append(TOP)
                .append("\" width=\"")
                .append(COLUMNS)
                .append("\" height=\"")
                .append(bottom - TOP)
                .append("\"/>\n");
        for (double t : y.ticks()) {
            double py = py(y, t);
            b.append("<line class=\"grid\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(WIDTH - RIGHT);
            b.append("\" y1=\"");
            Xml.coordinate(b, py);
            b.append("\" y2=\"");
            Xml.coordinate(b, py);
            b.append("\"/><text class=\"tick\" x=\"").append(LEFT - 4).append("\" y=\"");
            Xml.coordinate(b, py + 4);
            b.append("\" text-anchor=\"end\">").append(Axis.label(t)).append("</text>\n");
        }
        for (double t : x.ticks()) {
            double px = px(x, t);
            b.append("<line class=\"grid\" y1=\"")
                    .append(TOP)
                    .append("\" y2=\"")
                    .append(bottom);
            b.append("\" x1=\"");
            Xml.coordinate(b, px);
            b.append("\" x2=\"");
            Xml.coordinate(b, px);
            b.append("\"/><text class=\"tick\" y=\"").append(bottom + 16).append("\" x=\"");
            Xml.coordinate(b, px);
            b.append("\" text-anchor=\"middle\">").append(Axis.label(t)).append("</text>\n");
        }
        b.append("<text class=\"axis-title\" x=\"")
                .append(LEFT + COLUMNS / 2)
                .append("\" y=\"")
                .append(HEIGHT - 6)
                .append("\" text-anchor=\"middle\">")
                .append(Xml.escape(chart.xTitle()))
                .append("</text>\n");
        b.append("<text class=\"axis-title\" transform=\"translate(14,")
                .append(TOP + (bottom - TOP) / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(Xml.escape(chart.yTitle()))
                .append("</text>\n");
    }

    private static void curve(Series s, Axis x, Axis y, StringBuilder b) {
        List<Downsampling.Segment> segments = Downsampling.segments(s.x(), s.y(), COLUMNS, x.min(), x.max(), y.log());
        b.append("<path class=\"curve c")
                .append(s.color() % Palette.SIZE)
                .append(s.dashed() ? " dashed" : "")
                .append("\" data-series=\"")
                .append(Xml.escape(s.name()))
                .append("\" d=\"");
        for (Downsampling.Segment seg : segments) {
            for (int i = 0; i < seg.size(); i++) {
                b.append(i == 0 ? 'M' : 'L');
                Xml.coordinate(b, px(x, seg.x(i)));
                b.append(',');
                Xml.coordinate(b, py(y, seg.y(i)));
            }
            if (seg.size() == 1) {
                b.append("h0"); // a lone point: drawn as a dot by the round line cap
            }
        }
        b.append("\"/>\n");
    }

    private static double px(Axis x, double v) {
        return LEFT + x.fraction(v) * COLUMNS;
    }

    private static double py(Axis y, double v) {
        return HEIGHT - BOTTOM - y.fraction(v) * (HEIGHT - BOTTOM - TOP);
    }
}
