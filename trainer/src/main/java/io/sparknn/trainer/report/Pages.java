package io.sparknn.trainer.report;

import java.util.List;

/**
 * The report's building blocks for pages of other packages (the learning-rate finder's and the
 * optimizer comparison's, {@code io.sparknn.trainer.tune}): the same head (stylesheet, content
 * security policy that loads nothing), charts, escaping and numbers as {@link ReportWriter}'s page,
 * so every page the project writes looks and checks alike.
 */
public final class Pages {
    private Pages() {}

    /** The page's start, up to and including its {@code <h1>}: close it with {@link #end}. */
    public static void start(String title, StringBuilder b) {
        start(title, title, b);
    }

    /** As {@link #start(String, StringBuilder)}, with a {@code <title>} other than the heading. */
    static void start(String title, String heading, StringBuilder b) {
        b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
        b.append("<meta charset=\"utf-8\"/>\n");
        b.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
                + "'unsafe-inline'\"/>\n");
        b.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        b.append("<title>").append(Xml.escape(title)).append("</title>\n");
        b.append("<style>\n").append(Palette.css()).append("</style>\n</head>\n<body>\n");
        b.append("<h1>").append(Xml.escape(heading)).append("</h1>\n");
    }

    public static void end(StringBuilder b) {
        b.append("</body>\n</html>\n");
    }

    /** One chart as inline SVG with its legend. */
    public static void chart(Chart c, StringBuilder b) {
        SvgChart.render(c, b);
    }

    /** The run report's curves of {@code runs} overlaid (loss, accuracy, … against step and time). */
    public static List<Chart> curves(List<RunData> runs) {
        return Charts.curves(runs);
    }

    /** {@code s} escaped for element text and attribute values. */
    public static String escape(String s) {
        return Xml.escape(s);
    }

    /** A value for a person: 4 significant digits, an em dash for NaN. */
    public static String number(double v) {
        return Xml.number(v);
    }
}
