package io.sparknn.trainer.report;

import io.sparknn.trainer.checkpoint.OutputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes the report page for one run or several overlaid: self-contained (inline SVG and CSS, no
 * script, a content security policy that loads nothing), well-formed XHTML that browsers read as
 * HTML, with a print stylesheet. Sections: the runs and how each ended; the curves
 * ({@link Charts}); the step time split; the held-out evaluation; the model; the run information;
 * the resolved config.
 */
public final class ReportWriter {
    /** The report's file name in a run directory. */
    public static final String FILE = "report.html";

    private ReportWriter() {}

    /** Writes the page to {@code target}, replacing any earlier one only once it is complete. */
    public static void write(FileSystem fs, Path target, List<RunData> runs) throws IOException {
        byte[] page = html(runs).getBytes(StandardCharsets.UTF_8);
        OutputFiles.write(fs, target, page);
    }

    /** The page. */
    public static String html(List<RunData> runs) {
        StringBuilder b = new StringBuilder(64 * 1024);
        String names = String.join(", ", runs.stream().map(RunData::name).toList());
        Pages.start("sparknn report: " + names, "sparknn run report", b);
        b.append("<nav><a href=\"#runs\">runs</a><a href=\"#curves\">curves</a><a href=\"#time-split\">time "
                + "split</a><a href=\"#evaluation\">evaluation</a><a href=\"#model\">model</a><a href=\"#run-info\">run "
                + "info</a><a href=\"#config\">config</a></nav>\n");
        runs(runs, b);
        b.append("<section id=\"curves\">\n<h2>Curves</h2>\n");
        List<Chart> curves = Charts.curves(runs);
        if (curves.isEmpty()) {
            b.append("<p class=\"note\">no metrics lines yet</p>\n");
        }
        b.append("<div class=\"charts\">\n");
        for (Chart c : curves) {
            SvgChart.render(c, b);
        }
        b.append("</div>\n</section>\n");
        timeSplit(runs, b);
        b.append("<section id=\"evaluation\">\n<h2>Held-out evaluation</h2>\n");
        for (int i = 0; i < runs.size(); i++) {
            RunSections.evaluation(runs.get(i), i, b);
        }
        b.append("</section>\n<section id=\"model\">\n<h2>Model</h2>\n");
        runs.forEach(r -> RunSections.model(r, b));
        b.append("</section>\n<section id=\"run-info\">\n<h2>Run information</h2>\n");
        runs.forEach(r -> RunSections.info(r, b));
        b.append("</section>\n<section id=\"config\">\n<h2>Resolved config</h2>\n");
        runs.forEach(r -> RunSections.config(r, b));
        b.append("</section>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void runs(List<RunData> runs, StringBuilder b) {
        b.append("<section id=\"runs\">\n<h2>Runs</h2>\n<table class=\"runs\">\n<tr><th>run</th><th>directory</th>"
                + "<th>status</th><th>step lines</th><th>last step</th><th>last training loss</th>"
                + "<th>last validation</th></tr>\n");
        for (int i = 0; i < runs.size(); i++) {
            RunData r = runs.get(i);
            List<StepLine> steps = r.metrics().steps();
            StepLine last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
            b.append("<tr><td><span class=\"swatch c")
                    .append(i % Palette.SIZE)
                    .append("\"></span>")
                    .append(Xml.escape(r.name()))
                    .append("</td><td>")
                    .append(Xml.escape(r.dir()))
                    .append("</td><td><span class=\"status ")
                    .append(status(r))
                    .append("\">")
                    .append(Xml.escape(statusText(r)))
                    .append("</span></td><td class=\"num\">")
                    .append(steps.size())
                    .append("</td><td class=\"num\">")
                    .append(last == null ? "\u2014" : Long.toString(last.step()))
                    .append("</td><td class=\"num\">")
                    .append(last == null ? "\u2014" : Xml.number(last.loss()))
                    .append("</td><td>")
                    .append(Xml.escape(lastValidation(r)))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n</section>\n");
    }

    private static String status(RunData r) {
        return switch (r.status()) {
            case FINISHED -> "finished";
            case UNFINISHED -> "unfinished";
            case FAILED -> "failed";
        };
    }

    private static String statusText(RunData r) {
        return switch (r.status()) {
            case FINISHED -> "finished";
            case UNFINISHED -> "unfinished (running, killed or failed)";
            case FAILED -> "failed: " + r.failure();
        };
    }

    private static String lastValidation(RunData r) {
        List<ScoreLine> scores = r.metrics().scores();
        if (scores.isEmpty()) {
            return "\u2014";
        }
        ScoreLine s = scores.get(scores.size() - 1);
        StringBuilder t = new StringBuilder("step ").append(s.step());
        append(t, "loss", s.loss());
        append(t, "accuracy", s.accuracy());
        append(t, "MSE", s.mse());
        append(t, "R\u00b2", s.r2());
        append(t, "bits per character", s.validationBpc());
        return t.toString();
    }

    private static void append(StringBuilder t, String name, double v) {
        if (!Double.isNaN(v)) {
            t.append(", ").append(name).append(' ').append(Xml.number(v));
        }
    }

    private static void timeSplit(List<RunData> runs, StringBuilder b) {
        b.append("<section id=\"time-split\">\n<h2>Step time split</h2>\n");
        b.append("<p class=\"note\">Per logged step: compute (the shards' forward and backward passes), aggregate "
                + "(the shard results reaching the driver and added), optimizer, broadcast (the new weights); "
                + "and, for runs on Spark, the bytes each step moved as Spark counted them (task results into "
                + "the driver, broadcast pieces stored by executors, shuffle written and read).</p>\n");
        b.append("<table class=\"time-split\">\n<tr><th>run</th><th>median compute ms</th><th>median aggregate ms"
                + "</th><th>median optimizer ms</th><th>median broadcast ms</th><th>median step ms</th>"
                + "<th>median bytes into the driver</th><th>median shuffle bytes written</th></tr>\n");
        for (RunData r : runs) {
            List<StepLine> s = r.metrics().steps();
            b.append("<tr><td>").append(Xml.escape(r.name())).append("</td>");
            for (ToDoubleFunction<StepLine> f : List.<ToDoubleFunction<StepLine>>of(
                    StepLine::computeMs,
                    StepLine::aggregateMs,
                    StepLine::optimizerMs,
                    StepLine::broadcastMs,
                    StepLine::stepMs,
                    l -> l.bytes().driverIn(),
                    l -> l.bytes().shuffleWrite())) {
                b.append("<td class=\"num\">").append(Xml.number(median(s, f))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n<div class=\"charts\">\n");
        for (int i = 0; i < runs.size(); i++) {
            for (Chart c : List.of(Charts.timeSplit(runs.get(i), i), Charts.bytesPerStep(runs.get(i), i))) {
                if (c.hasPoints()) {
                    SvgChart.render(c, b);
                }
            }
        }
        b.append("</div>\n</section>\n");
    }

    /** The median of the values that are numbers; NaN when none is. */
    static double median(List<StepLine> lines, ToDoubleFunction<StepLine> f) {
        double[] v = lines.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
