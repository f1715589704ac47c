package io.sparknn.trainer.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.trainer.checkpoint.OutputFiles;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.report.Chart;
import io.sparknn.trainer.report.Pages;
import io.sparknn.trainer.report.RunData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A comparison's outputs: {@code comparison.json} (every trial and row), {@code comparison.md} (the
 * table) and {@code comparison.html} (the table, then the run report's curves of every row's runs
 * overlaid).
 */
final class ComparisonPages {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a trial's run directory for the page. */
    interface Reader {
        RunData read(Comparison.Trial t) throws IOException;
    }

    private ComparisonPages() {}

    /** The table as Markdown: optimizer, hyper-parameters, metric mean ± sd, steps and seconds to the target. */
    static String table(Comparison.Result r, Comparison.Settings s) {
        StringBuilder b = new StringBuilder();
        String target = Double.isNaN(s.target()) ? "" : " to " + fmt(s.target());
        b.append("| optimizer | settings | validation ")
                .append(r.metricName())
                .append(" (mean ± sd, n) | steps")
                .append(target)
                .append(" (median, reached) | seconds")
                .append(target)
                .append(" (median) |\n|---|---|---|---|---|\n");
        for (Comparison.Row row : r.rows()) {
            double[] m = Comparison.meanSd(
                    row.runs().stream().mapToDouble(Comparison.Trial::metric).toArray());
            long[] steps = row.runs().stream()
                    .mapToLong(Comparison.Trial::stepsToTarget)
                    .filter(v -> v >= 0)
                    .sorted()
                    .toArray();
            double[] secs = row.runs().stream()
                    .filter(t -> t.stepsToTarget() >= 0)
                    .mapToDouble(Comparison.Trial::secondsToTarget)
                    .sorted()
                    .toArray();
            b.append("| ")
                    .append(row.label())
                    .append(" | ")
                    .append(settings(row))
                    .append(" | ")
                    .append(String.format(
                            Locale.ROOT,
                            "%.4f ± %.4f (%d)",
                            m[0],
                            m[1],
                            row.runs().size()))
                    .append(" | ");
            if (Double.isNaN(s.target())) {
                b.append("— | — |\n");
            } else {
                b.append(steps.length == 0 ? "—" : Long.toString(median(steps)))
                        .append(" (")
                        .append(steps.length)
                        .append("/")
                        .append(row.runs().size())
                        .append(") | ")
                        .append(secs.length == 0 ? "—" : fmt(median(secs)))
                        .append(" |\n");
            }
        }
        return b.toString();
    }

    private static String settings(Comparison.Row row) {
        List<String> parts = new ArrayList<>();
        row.optimizer().properties().forEach(e -> {
            if (!e.getKey().equals("type")) {
                parts.add(e.getKey() + " "
                        + (e.getValue().isNumber()
                                ? fmt(e.getValue().asDouble())
                                : e.getValue().asText()));
            }
        });
        return parts.isEmpty() ? "PyTorch's defaults" : String.join(", ", parts);
    }

    private static long median(long[] v) {
        return v[(v.length - 1) / 2]; // the lower middle of an even count: a step that was reached
    }

    private static double median(double[] v) {
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** 3 significant digits, of 1 − v for a decay factor close to 1 (β2 0.9995 is not "1.00"). */
    static String fmt(double v) {
        if (v > 0.99 && v < 1) {
            return String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "");
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static void write(FileSystem fs, Path out, JobConfig cfg, Comparison.Settings s, Comparison.Result r, Reader reader)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("config", cfg.source());
        root.putPOJO("optimizers", s.optimizers());
        root.put("trials", s.trials());
        if (!Double.isNaN(s.target())) {
            root.put("target", s.target());
        }
        root.put("metric", r.metricName());
        root.put("budget_minutes", s.budgetMinutes());
        root.put("budget_spent", r.budgetSpent());
        ArrayNode trials = root.putArray("runs");
        for (Comparison.Trial t : r.trials()) {
            ObjectNode o = trials.addObject();
            o.put("optimizer", t.candidate());
            o.put("role", t.role());
            o.put("dir", t.dir());
            o.set("settings", t.optimizer());
            o.put("seed", t.seed());
            o.put("status", t.status());
            number(o, "metric", t.metric());
            if (t.stepsToTarget() >= 0) {
                o.put("steps_to_target", t.stepsToTarget());
                number(o, "seconds_to_target", t.secondsToTarget());
            }
        }
        ArrayNode rows = root.putArray("rows");
        for (Comparison.Row row : r.rows()) {
            double[] m = Comparison.meanSd(
                    row.runs().stream().mapToDouble(Comparison.Trial::metric).toArray());
            ObjectNode o = rows.addObject();
            o.put("label", row.label());
            o.set("settings", row.optimizer());
            number(o, "mean", m[0]);
            number(o, "sd", m[1]);
            o.put("runs", row.runs().size());
        }
        OutputFiles.write(
                fs,
                new Path(out, "comparison.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        String md = table(r, s);
        OutputFiles.write(fs, new Path(out, "comparison.md"), md.getBytes(StandardCharsets.UTF_8));

        StringBuilder b = new StringBuilder(64 * 1024);
        Pages.start("sparknn compare: " + cfg.source(), b);
        b.append("<p>")
                .append(Pages.escape(String.format(
                        Locale.ROOT,
                        "%d trial(s) per optimizer at Halton points over documented log-ranges; selection on the validation "
                                + "%s; each winner and each optimizer's PyTorch defaults re-run with %d seeds (mean ± sample "
                                + "sd of those runs; the selection run is left out).%s",
                        s.trials(),
                        r.metricName(),
                        Comparison.SEEDS,
                        r.budgetSpent() ? " The budget stopped the comparison: what is shown is what it had." : "")));
        b.append("</p>\n<table class=\"runs\">\n<tr>");
        List<String[]> cells = new ArrayList<>();
        for (String line : md.split("\n")) {
            if (line.startsWith("|---")) {
                continue;
            }
            String[] c = line.substring(2, line.length() - 2).split(" \\| ", -1);
            cells.add(c);
        }
        for (String h : cells.get(0)) {
            b.append("<th>").append(Pages.escape(h)).append("</th>");
        }
        b.append("</tr>\n");
        for (String[] c : cells.subList(1, cells.size())) {
            b.append("<tr>");
            Arrays.stream(c)
                    .forEach(x -> b.append("<td>").append(Pages.escape(x)).append("</td>"));
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        List<RunData> firsts = new ArrayList<>();
        for (Comparison.Row row : r.rows()) {
            for (Comparison.Trial t : row.runs()) {
                if (t.finished()) {
                    firsts.add(reader.read(t));
                    break;
                }
            }
        }
        if (!firsts.isEmpty()) {
            b.append("<section>\n<h2>Every row overlaid (its first run)</h2>\n<div class=\"charts\">\n");
            for (Chart c : Pages.curves(firsts)) {
                if (c.id().startsWith("loss-") || c.id().startsWith("accuracy-") || c.id().startsWith("bpc-")) {
                    Pages.chart(c, b);
                }
            }
            b.append("</div>\n</section>\n");
        }
        for (Comparison.Row row : r.rows()) {
            List<RunData> runs = new ArrayList<>();
            for (Comparison.Trial t : row.runs()) {
                if (t.finished()) {
                    runs.add(reader.read(t));
                }
            }
            if (runs.isEmpty()) {
                continue;
            }
            b.append("<section>\n<h2>").append(Pages.escape(row.label())).append("</h2>\n<div class=\"charts\">\n");
            for (Chart c : Pages.curves(runs)) {
                if (c.id().startsWith("loss-step")
                        || c.id().startsWith("accuracy-step")
                        || c.id().startsWith("bpc-step")) {
                    Pages.chart(
                            new Chart(
                                    row.label().replaceAll("[^A-Za-z0-9]+", "-") + "-" + c.id(),
                                    c.title(),
                                    c.xTitle(),
                                    c.yTitle(),
                                    c.series(),
                                    c.markers()),
                            b);
                }
            }
            b.append("</div>\n</section>\n");
        }
        Pages.end(b);
        OutputFiles.write(fs, new Path(out, "comparison.html"), b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }
}
