package io.sparknn.trainer.report;

import java.util.Locale;

/**
 * Draws a confusion matrix as one inline {@code <svg>}: a cell per (truth, prediction) with its
 * count written in it, shaded by the square root of its share of the row (the true class's recall
 * on the diagonal), so a few errors in a large class still show.
 * Rows are true classes, columns predicted ones, as in {@code evaluation.json}.
 */
final class Heatmap {
    private static final int LABELS = 100;
    private static final int TOP = 8;
    private static final int BOTTOM = 58;

    private Heatmap() {}

    static void render(Evaluation.Matrix m, String id, StringBuilder b) {
        int n = m.size();
        int cell = Math.max(16, Math.min(44, 520 / Math.max(1, n)));
        int width = LABELS + n * cell + 8;
        int height = TOP + n * cell + BOTTOM;
        b.append("<figure class=\"chart heatmap-box\" id=\"").append(id).append("\">\n<figcaption>");
        b.append("confusion matrix")
                .append(m.title().isEmpty() ? "" : ", " + Xml.escape(m.title()))
                .append(
                        " (rows: truth, columns: prediction; the darker, the larger its share of the row)</figcaption>\n");
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"confusion matrix\">\n");
        int font = Math.min(11, cell / 2 + 2);
        for (int t = 0; t < n; t++) {
            long row = 0;
            for (int p = 0; p < n; p++) {
                row += m.count(t, p);
            }
            int y = TOP + t * cell;
            b.append("<text class=\"label\" x=\"")
                    .append(LABELS - 4)
                    .append("\" y=\"")
                    .append(y + cell / 2 + 4)
                    .append("\" text-anchor=\"end\">")
                    .append(Xml.escape(m.classes().get(t)))
                    .append("</text>\n");
            for (int p = 0; p < n; p++) {
                long count = m.count(t, p);
                // the square root: a few misclassified examples in a large class still show
                double shade = Math.sqrt(row == 0 ? 0 : (double) count / row);
                int x = LABELS + p * cell;
                b.append("<rect x=\"")
                        .append(x)
                        .append("\" y=\"")
                        .append(y)
                        .append("\" width=\"")
                        .append(cell)
                        .append("\" height=\"")
                        .append(cell)
                        .append("\" fill=\"")
                        .append(shade(shade))
                        .append("\" stroke=\"#d0d0d0\"/>");
                b.append("<text class=\"count")
                        .append(shade > 0.7 ? " dark" : "")
                        .append("\" data-truth=\"")
                        .append(t)
                        .append("\" data-prediction=\"")
                        .append(p)
                        .append("\" x=\"")
                        .append(x + cell / 2)
                        .append("\" y=\"")
                        .append(y + cell / 2 + font / 2 - 1)
                        .append("\" font-size=\"")
                        .append(font)
                        .append("\" text-anchor=\"middle\">")
                        .append(count)
                        .append("</text>\n");
            }
        }
        int bottom = TOP + n * cell;
        for (int p = 0; p < n; p++) {
            int x = LABELS + p * cell + cell / 2;
            b.append("<text class=\"label\" x=\"")
                    .append(x)
                    .append("\" y=\"")
                    .append(bottom + 14)
                    .append("\" text-anchor=\"middle\">")
                    .append(Xml.escape(m.classes().get(p)))
                    .append("</text>\n");
        }
        b.append("<text class=\"axis-title\" x=\"")
                .append(LABELS + n * cell / 2)
                .append("\" y=\"")
                .append(bottom + 40)
                .append("\" text-anchor=\"middle\">predicted class</text>\n");
        b.append("<text class=\"axis-title\" transform=\"translate(14,")
                .append(TOP + n * cell / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\">true class</text>\n");
        b.append("</svg>\n</figure>\n");
    }

    /** White at 0, a deep blue at 1. */
    static String shade(double share) {
        double s = Math.max(0, Math.min(1, share));
        int r = (int) Math.round(255 + (8 - 255) * s);
        int g = (int) Math.round(255 + (69 - 255) * s);
        int bl = (int) Math.round(255 + (148 - 255) * s);
        return String.format(Locale.ROOT, "rgb(%d,%d,%d)", r, g, bl);
    }
}
