package io.sparknn.trainer.report;

/**
 * The parts of the page about one run at a time: its held-out evaluation (headline numbers, the
 * confusion matrix as a heat map with counts, precision / recall / F1 per class), its model
 * summary, its {@code run-info.json} and its resolved config.
 */
final class RunSections {
    private RunSections() {}

    static void evaluation(RunData run, int index, StringBuilder b) {
        b.append("<h3>").append(Xml.escape(run.name())).append("</h3>\n");
        Evaluation e = run.evaluation();
        if (e == null) {
            b.append("<p class=\"note\">no evaluation.json")
                    .append(
                            run.status() == RunData.Status.FINISHED
                                    ? " (a text is scored in bits per character, above)"
                                    : " (the run has not finished)")
                    .append("</p>\n");
            return;
        }
        b.append("<table class=\"headline\">\n");
        for (Evaluation.Value v : e.headline()) {
            row(b, v.name(), Xml.number(v.value()));
        }
        b.append("</table>\n<div class=\"charts\">\n");
        for (int m = 0; m < e.matrices().size(); m++) {
            Heatmap.render(e.matrices().get(m), "confusion-" + index + "-" + m, b);
        }
        b.append("</div>\n");
        if (!e.perClass().isEmpty()) {
            b.append("<table class=\"per-class\">\n<tr><th>class</th><th>precision</th><th>recall</th><th>F1</th>"
                    + "</tr>\n");
            for (Evaluation.ClassScores c : e.perClass()) {
                b.append("<tr><td>")
                        .append(Xml.escape(c.name()))
                        .append("</td><td class=\"num\">")
                        .append(Xml.number(c.precision()))
                        .append("</td><td class=\"num\">")
                        .append(Xml.number(c.recall()))
                        .append("</td><td class=\"num\">")
                        .append(Xml.number(c.f1()))
                        .append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
    }

    static void model(RunData run, StringBuilder b) {
        b.append("<h3>").append(Xml.escape(run.name())).append("</h3>\n");
        ModelSummary m = run.model();
        if (m == null) {
            b.append("<p class=\"note\">no readable config.resolved.json</p>\n");
            return;
        }
        b.append("<table class=\"model\">\n<tr><th>#</th><th>layer</th><th>output</th><th>parameters</th></tr>\n");
        b.append("<tr><td></td><td>input</td><td>")
                .append(Xml.escape(m.input()))
                .append("</td><td></td></tr>\n");
        for (int i = 0; i < m.layers().size(); i++) {
            ModelSummary.Layer l = m.layers().get(i);
            b.append("<tr><td class=\"num\">")
                    .append(i + 1)
                    .append("</td><td>")
                    .append(Xml.escape(l.kind()))
                    .append("</td><td>")
                    .append(Xml.escape(l.output()))
                    .append("</td><td class=\"num\">")
                    .append(Xml.number((double) l.parameters()))
                    .append("</td></tr>\n");
        }
        b.append("<tr><th colspan=\"3\">total parameters</th><td class=\"num\">")
                .append(Xml.number((double) m.parameters()))
                .append("</td></tr>\n<tr><th colspan=\"3\">loss</th><td>")
                .append(Xml.escape(m.loss()))
                .append("</td></tr>\n</table>\n");
    }

    static void info(RunData run, StringBuilder b) {
        b.append("<h3>").append(Xml.escape(run.name())).append("</h3>\n");
        if (run.info().isEmpty()) {
            b.append("<p class=\"note\">no run-info.json</p>\n");
            return;
        }
        b.append("<table class=\"run-info\">\n");
        for (RunData.Fact f : run.info()) {
            row(b, f.name(), Xml.escape(f.value()));
        }
        b.append("</table>\n");
    }

    static void config(RunData run, StringBuilder b) {
        b.append("<h3>").append(Xml.escape(run.name())).append("</h3>\n");
        if (run.config() == null) {
            b.append("<p class=\"note\">no config.resolved.json</p>\n");
            return;
        }
        b.append("<pre>").append(Xml.escape(run.config())).append("</pre>\n");
    }

    /** A row of a two-column table; {@code value} is already escaped. */
    private static void row(StringBuilder b, String name, String value) {
        b.append("<tr><th>")
                .append(Xml.escape(name))
                .append("</th><td class=\"num\">")
                .append(value)
                .append("</td></tr>\n");
    }
}
