package io.sparknn.trainer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The page as a browser and a test read it: well-formed, one svg per chart, curves that match the data. */
class ReportPageTest {
    /** A run named {@code name} from its metrics lines (and an evaluation.json, or null). */
    static RunData run(String name, String metrics, String evaluation, RunData.Status status) {
        return new RunData(
                name,
                "/runs/" + name,
                status,
                null,
                MetricsLines.parse(name + "/metrics.jsonl", metrics.getBytes(StandardCharsets.UTF_8)),
                List.of(new RunData.Fact("spark_version", "4.2.0"), new RunData.Fact("partitions", "2")),
                "{\"network\": {}}",
                null,
                evaluation == null
                        ? null
                        : Evaluation.parse("evaluation.json", evaluation.getBytes(StandardCharsets.UTF_8)));
    }

    static String step(long step, double loss, double lr, double seconds) {
        return String.format(
                Locale.ROOT,
                "{\"type\":\"step\",\"step\":%d,\"epoch\":1,\"loss\":%s,\"lr\":%s,\"grad_norm\":1.5,\"samples_per_s\":1000,"
                        + "\"compute_ms\":25.0,\"aggregate_ms\":0.5,\"optimizer_ms\":0.1,\"broadcast_ms\":0.7,\"step_ms\":4.0,"
                        + "\"train_seconds\":%s}\n",
                step,
                json(loss),
                json(lr),
                json(seconds));
    }

    static String epoch(long step, double loss, double accuracy) {
        return String.format(
                Locale.ROOT,
                "{\"type\":\"epoch\",\"epoch\":1,\"step\":%d,\"examples\":359,\"loss\":%s,\"accuracy\":%s}\n",
                step,
                json(loss),
                json(accuracy));
    }

    /** As Jackson writes a double: NaN and infinities as strings. */
    private static String json(double v) {
        return Double.isNaN(v) ? "\"NaN\"" : Double.isInfinite(v) ? "\"" + v + "\"" : Double.toString(v);
    }

    @Test
    void everyChartIsOneSvgInItsFigureAndThePageIsWellFormed() {
        StringBuilder m = new StringBuilder();
        for (int s = 0; s < 30; s++) {
            m.append(step(s, 2.0 / (s + 1), 1e-1 * Math.pow(0.7, s), 0.01 * (s + 1)));
            if (s % 10 == 9) {
                m.append(epoch(s + 1, 1.0 / (s + 1), 0.5 + s / 100.0));
            }
        }
        Page page = new Page(ReportWriter.html(List.of(run("a", m.toString(), null, RunData.Status.FINISHED))));
        List<Element> figures = page.all(Page.XHTML, "figure");
        assertEquals(
                List.of(
                        "chart-loss-step",
                        "chart-loss-time",
                        "chart-accuracy-step",
                        "chart-accuracy-time",
                        "chart-lr-step",
                        "chart-grad-norm-step",
                        "chart-samples-step",
                        "chart-time-split-0"),
                page.chartIds());
        for (Element f : figures) {
            assertEquals(1, f.getElementsByTagNameNS(Page.SVG, "svg").getLength(), f.getAttribute("id"));
        }
        assertEquals(figures.size(), page.all(Page.SVG, "svg").size(), "no svg outside a chart's figure");
        // nothing from the network: no script, no external resource
        for (Element e : page.elements()) {
            assertFalse(e.getLocalName().equals("script") || e.getLocalName().equals("link"), e.getLocalName());
            assertEquals("", e.getAttribute("src"), e.getLocalName());
        }
        assertTrue(page.all(Page.XHTML, "style").get(0).getTextContent().contains("@media print"));
        // the validation curve has the epochs' points at their steps, the training time from the step lines
        assertEquals(List.of(30), Page.segments(Page.curve(page.chart("loss-step"), "a train")));
        assertEquals(List.of(3), Page.segments(Page.curve(page.chart("loss-step"), "a validation")));
        assertEquals(List.of(3), Page.segments(Page.curve(page.chart("accuracy-time"), "a validation")));
    }

    @Test
    void aLogScaleWhereValuesSpanDecadesOnly() {
        StringBuilder m = new StringBuilder();
        for (int s = 0; s < 30; s++) {
            // lr from 0.1 to 0.1 * 0.7^29 ≈ 3e-6: five decades; loss from 2 to 1.05: not one
            m.append(step(s, 2.0 - s / 30.0, 1e-1 * Math.pow(0.7, s), s));
        }
        Page page = new Page(ReportWriter.html(List.of(run("a", m.toString(), null, RunData.Status.FINISHED))));
        assertTrue(caption(page, "lr-step").contains("(log scale)"), caption(page, "lr-step"));
        assertFalse(caption(page, "loss-step").contains("(log scale)"), caption(page, "loss-step"));
        assertTrue(caption(page, "time-split-0").contains("(log scale)"), "25 ms compute, 0.1 ms optimizer");
        Element lr = page.chart("lr-step");
        List<String> ticks = texts(lr, "tick");
        assertTrue(ticks.contains("1e-6") && ticks.contains("0.1"), ticks.toString());
    }

    @Test
    void nanAndInfinityAreGapsThatSplitTheCurveIntoPathSegments() {
        double[] losses = {1, 2, Double.NaN, 3, 4, 5, Double.POSITIVE_INFINITY, Double.NaN, 6, Double.NaN};
        StringBuilder m = new StringBuilder();
        for (int s = 0; s < losses.length; s++) {
            m.append(step(s, losses[s], 0.1, s));
        }
        Page page = new Page(ReportWriter.html(List.of(run("a", m.toString(), null, RunData.Status.FINISHED))));
        assertEquals(List.of(2, 3, 1), Page.segments(Page.curve(page.chart("loss-step"), "a train")));
        assertEquals(List.of(2, 3, 1), Page.segments(Page.curve(page.chart("loss-time"), "a train")));
        assertEquals(List.of(10), Page.segments(Page.curve(page.chart("lr-step"), "a lr")));
    }

    @Test
    void aLongRunIsDrawnWithTheMinAndMaxOfEachPixelColumnSoASpikeStays() {
        int n = 100_000;
        StringBuilder m = new StringBuilder(n * 260);
        for (int s = 0; s < n; s++) {
            m.append(step(s, s == 54_321 ? 50.0 : 1.0 + (s % 7) / 100.0, 0.1, s * 0.01));
        }
        Page page = new Page(ReportWriter.html(List.of(run("long", m.toString(), null, RunData.Status.FINISHED))));
        Element path = Page.curve(page.chart("loss-step"), "long train");
        // 100,000 steps over 560 columns: each column holds 178 or 179 points of several values, so two are kept
        assertEquals(List.of(2 * SvgChart.COLUMNS), Page.segments(path));
        assertEquals(
                2 * SvgChart.COLUMNS,
                expectedPoints(n, SvgChart.COLUMNS, s -> s == 54_321 ? 50.0 : 1.0 + (s % 7) / 100.0));
        // the spike is the highest point drawn: at the top of the plot
        double top = Arrays.stream(path.getAttribute("d").split("[ML]"))
                .filter(p -> !p.isEmpty())
                .mapToDouble(p -> Double.parseDouble(p.split(",")[1]))
                .min()
                .orElseThrow();
        assertEquals(SvgChart.TOP, top, 0.05, "the spike of 50 reaches the top of an axis that ends at 50");
    }

    /** The downsampling rule, counted independently: per pixel column, 1 point if its y values are all equal, else 2. */
    private static int expectedPoints(int n, int columns, java.util.function.IntToDoubleFunction y) {
        int points = 0;
        for (int c = 0; c < columns; c++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            boolean any = false;
            for (int s = 0; s < n; s++) {
                if (Math.min(columns - 1, (int) Math.floor((double) s / (n - 1) * columns)) == c) {
                    lo = Math.min(lo, y.applyAsDouble(s));
                    hi = Math.max(hi, y.applyAsDouble(s));
                    any = true;
                }
            }
            points += !any ? 0 : lo == hi ? 1 : 2;
        }
        return points;
    }

    @Test
    void namesStayTextWhateverTheyHold() {
        String evil = "<script>alert(\"x\")</script> & 'co'";
        String evaluation = """
                {"examples": 3, "loss": 0.5, "accuracy": 0.667, "labels": ["<script>", "b&b"],
                 "confusion_matrix": [[1, 0], [1, 1]],
                 "per_class": [{"class": "<script>", "precision": 0.5, "recall": 1.0, "f1": 0.667},
                               {"class": "b&b", "precision": 1.0, "recall": 0.5, "f1": 0.667}]}
                """;
        String html = ReportWriter.html(
                List.of(run(evil, step(0, 1, 0.1, 0.1) + step(1, 0.5, 0.1, 0.2), evaluation, RunData.Status.FINISHED)));
        Page page = new Page(html);
        assertTrue(page.all(Page.XHTML, "script").isEmpty()
                && page.all(Page.SVG, "script").isEmpty());
        assertFalse(html.contains("<script"), "no script tag in the text at all");
        List<String> legend = new ArrayList<>();
        NodeList items = page.chart("loss-step").getElementsByTagNameNS(Page.XHTML, "li");
        for (int i = 0; i < items.getLength(); i++) {
            legend.add(items.item(i).getTextContent());
        }
        assertEquals(List.of(evil + " train: last 0.5", evil + " validation: last \u2014"), legend);
        assertEquals(
                evil + " train",
                Page.curve(page.chart("loss-step"), evil + " train").getAttribute("data-series"));
        assertTrue(page.all(Page.XHTML, "title").get(0).getTextContent().endsWith(evil));
        Element heatmap = page.all(Page.XHTML, "figure").stream()
                .filter(f -> f.getAttribute("id").equals("confusion-0-0"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("<script>", "b&b", "<script>", "b&b"), texts(heatmap, "label"));
    }

    @Test
    void theConfusionMatrixCellsAndPerClassScoresAreThoseOfEvaluationJson() throws Exception {
        byte[] json;
        try (var in = ReportPageTest.class.getResourceAsStream("digits-evaluation.json")) {
            json = in.readAllBytes();
        }
        var expected = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        Page page = new Page(ReportWriter.html(List.of(
                run("digits", step(0, 1, 0.1, 1), new String(json, StandardCharsets.UTF_8), RunData.Status.FINISHED))));
        Element heatmap = page.all(Page.XHTML, "figure").stream()
                .filter(f -> f.getAttribute("id").equals("confusion-0-0"))
                .findFirst()
                .orElseThrow();
        NodeList texts = heatmap.getElementsByTagNameNS(Page.SVG, "text");
        int cells = 0;
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            if (t.getAttribute("class").startsWith("count")) {
                int truth = Integer.parseInt(t.getAttribute("data-truth"));
                int prediction = Integer.parseInt(t.getAttribute("data-prediction"));
                assertEquals(
                        expected.get("confusion_matrix")
                                .get(truth)
                                .get(prediction)
                                .asText(),
                        t.getTextContent(),
                        truth + ", " + prediction);
                cells++;
            }
        }
        assertEquals(100, cells);
        assertEquals(
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                texts(heatmap, "label").subList(0, 10));
        Element perClass = page.all(Page.XHTML, "table").stream()
                .filter(t -> t.getAttribute("class").equals("per-class"))
                .findFirst()
                .orElseThrow();
        NodeList rows = perClass.getElementsByTagNameNS(Page.XHTML, "tr");
        assertEquals(11, rows.getLength());
        // class 1: precision 0.9375, recall 0.967741935483871, f1 0.9523809523809523
        assertEquals("10.93750.96770.9524", rows.item(2).getTextContent());
    }

    @Test
    void aFailedRunIsMarkedWhereItsLastStepWasLogged() {
        RunData failed = run("d", step(0, 2, 0.1, 0.5) + step(1, 1e10, 0.1, 1.0), null, RunData.Status.UNFINISHED)
                .failed("training diverged: loss is NaN at step 2 (epoch 1)");
        Page page = new Page(ReportWriter.html(List.of(failed)));
        assertEquals(List.of("d: failed after step 1"), texts(page.chart("loss-step"), "marker-label"));
        assertEquals(List.of("d: failed after step 1"), texts(page.chart("loss-time"), "marker-label"));
        String status = page.all(Page.XHTML, "span").stream()
                .filter(s -> s.getAttribute("class").startsWith("status"))
                .findFirst()
                .orElseThrow()
                .getTextContent();
        assertEquals("failed: training diverged: loss is NaN at step 2 (epoch 1)", status);
    }

    @Test
    void severalRunsAreOverlaidInOneChartWithALegendByName() {
        String a = step(0, 2, 0.1, 1) + step(10, 1, 0.1, 2);
        String b = step(0, 3, 0.1, 1) + step(10, 2, 0.1, 2) + step(20, 1, 0.1, 3);
        Page page = new Page(ReportWriter.html(List.of(
                run("first", a, null, RunData.Status.FINISHED), run("second", b, null, RunData.Status.UNFINISHED))));
        Element chart = page.chart("loss-step");
        assertEquals(List.of(2), Page.segments(Page.curve(chart, "first train")));
        assertEquals(List.of(3), Page.segments(Page.curve(chart, "second train")));
        assertEquals("curve c1", Page.curve(chart, "second train").getAttribute("class"));
        assertEquals(
                List.of("chart-time-split-0", "chart-time-split-1"),
                page.chartIds().stream()
                        .filter(i -> i.startsWith("chart-time-split"))
                        .toList());
    }

    @Test
    void aTextIsChartedInBitsPerCharacterAndARegressionInItsErrors() {
        String text = step(0, 3.0, 0.01, 0.5) + step(1, 2.5, 0.01, 1.0)
                + "{\"epoch\":1,\"steps\":2,\"train_chars\":768,\"train_bpc\":4.1,\"validation_bpc\":3.9,"
                + "\"validation_chars\":388,\"train_seconds\":1.0}\n"
                + step(2, 2.0, 0.01, 1.5) + step(3, 1.8, 0.01, 2.0)
                + "{\"epoch\":1,\"steps\":4,\"train_chars\":1536,\"train_bpc\":3.6,\"validation_bpc\":3.5,"
                + "\"validation_chars\":388,\"train_seconds\":2.0}\n";
        String regression = step(0, 9, 0.01, 1) + step(9, 4, 0.01, 2)
                + "{\"type\":\"epoch\",\"epoch\":1,\"step\":10,\"examples\":50,\"loss\":4.5,\"mse\":4.5,"
                + "\"mae\":1.9,\"r2\":0.31}\n";
        Page page = new Page(ReportWriter.html(List.of(
                run("text", text, null, RunData.Status.FINISHED),
                run("regression", regression, null, RunData.Status.FINISHED))));
        assertEquals(
                List.of(
                        "chart-loss-step",
                        "chart-loss-time",
                        "chart-bpc-step",
                        "chart-bpc-time",
                        "chart-mse-step",
                        "chart-mse-time",
                        "chart-r2-step",
                        "chart-lr-step",
                        "chart-grad-norm-step",
                        "chart-samples-step",
                        "chart-time-split-0",
                        "chart-time-split-1"),
                page.chartIds());
        assertEquals(List.of(2), Page.segments(Page.curve(page.chart("bpc-step"), "text validation")));
        assertEquals(
                List.of(),
                Page.segments(Page.curve(page.chart("loss-step"), "text validation")),
                "bits per character are not drawn as a loss in nats");
        assertEquals(List.of(1), Page.segments(Page.curve(page.chart("loss-step"), "regression validation")));
        assertEquals(List.of(1), Page.segments(Page.curve(page.chart("mse-time"), "regression MAE")));
        assertEquals(List.of(), Page.segments(Page.curve(page.chart("r2-step"), "text R\u00b2")));
        assertTrue(page.chartIds().stream().noneMatch(i -> i.startsWith("chart-accuracy")), "no run has an accuracy");
    }

    /** A step line with the share of its batch predicted right. */
    static String stepWithAccuracy(long step, double loss, double seconds, double trainAccuracy) {
        String line = step(step, loss, 0.1, seconds);
        return line.substring(0, line.length() - 2) + ",\"train_accuracy\":" + json(trainAccuracy) + "}\n";
    }

    @Test
    void theAccuracyChartsOverlayEveryLoggedStepsTrainAccuracyWithTheValidationOne() {
        StringBuilder m = new StringBuilder();
        for (int s = 0; s < 30; s++) {
            m.append(stepWithAccuracy(s, 2.0 / (s + 1), 0.01 * (s + 1), s == 17 ? Double.NaN : 0.25 + s / 40.0));
            if (s % 10 == 9) {
                m.append(epoch(s + 1, 1.0 / (s + 1), 0.5 + s / 100.0));
            }
        }
        Page page = new Page(ReportWriter.html(List.of(run("a", m.toString(), null, RunData.Status.FINISHED))));
        for (String chart : List.of("accuracy-step", "accuracy-time")) {
            // 30 step lines, one without a value (a gap): 17 points, then 12
            assertEquals(List.of(17, 12), Page.segments(Page.curve(page.chart(chart), "a train")), chart);
            assertEquals(List.of(3), Page.segments(Page.curve(page.chart(chart), "a validation")), chart);
            assertEquals("curve c0", Page.curve(page.chart(chart), "a train").getAttribute("class"), "solid");
            assertEquals(
                    "curve c0 dashed",
                    Page.curve(page.chart(chart), "a validation").getAttribute("class"));
        }
        List<String> legend = new ArrayList<>();
        NodeList items = page.chart("accuracy-step").getElementsByTagNameNS(Page.XHTML, "li");
        for (int i = 0; i < items.getLength(); i++) {
            legend.add(items.item(i).getTextContent());
        }
        assertEquals(List.of("a train: last 0.975", "a validation: last 0.79"), legend);
    }

    @Test
    void aSparkRunsBytesPerStepAreChartedPerChannelAndARunWithoutThemGetsNoSuchChart() {
        StringBuilder spark = new StringBuilder();
        StringBuilder local = new StringBuilder();
        for (int s = 0; s < 12; s++) {
            String line = step(s, 1.0, 0.1, 0.01 * (s + 1));
            local.append(line);
            // step 5's line was written before the listener saw its jobs end: no keys
            spark.append(
                    s == 5
                            ? line
                            : line.substring(0, line.length() - 2)
                                    + ",\"spark_driver_in_bytes\":" + (940000 + s)
                                    + ",\"spark_broadcast_bytes\":0,\"spark_shuffle_write_bytes\":" + 3760000
                                    + ",\"spark_shuffle_read_bytes\":3760000}\n");
        }
        Page page = new Page(ReportWriter.html(List.of(
                run("spark", spark.toString(), null, RunData.Status.FINISHED),
                run("local", local.toString(), null, RunData.Status.FINISHED))));
        Element bytes = page.chart("bytes-0");
        for (String channel : List.of("into the driver", "broadcast", "shuffle written", "shuffle read")) {
            assertEquals(List.of(5, 6), Page.segments(Page.curve(bytes, "spark " + channel)), channel);
        }
        assertFalse(page.chartIds().contains("chart-bytes-1"), "the run in process moved no bytes");
        // the table's median bytes into the driver: of 940000..940011 without 940005
        assertTrue(page.doc.getDocumentElement().getTextContent().contains("940,006"), "median bytes into the driver");
    }

    @Test
    void aTextsTokenAccuracyIsChartedWithoutAValidationOneAndARegressionOverlaidAddsNoPoints() {
        String text = stepWithAccuracy(0, 3.0, 0.5, 0.125) + stepWithAccuracy(1, 2.5, 1.0, 0.25)
                + "{\"epoch\":1,\"steps\":2,\"train_chars\":768,\"train_bpc\":4.1,\"validation_bpc\":3.9,"
                + "\"validation_chars\":388,\"train_seconds\":1.0}\n"
                + stepWithAccuracy(2, 2.0, 1.5, 0.375);
        String regression = step(0, 9, 0.01, 1) + step(9, 4, 0.01, 2);
        Page page = new Page(ReportWriter.html(List.of(
                run("text", text, null, RunData.Status.FINISHED),
                run("regression", regression, null, RunData.Status.FINISHED))));
        assertTrue(page.chartIds().containsAll(List.of("chart-accuracy-step", "chart-accuracy-time")));
        Element chart = page.chart("accuracy-step");
        assertEquals(List.of(3), Page.segments(Page.curve(chart, "text train")));
        assertEquals(List.of(), Page.segments(Page.curve(chart, "text validation")));
        assertEquals(List.of(), Page.segments(Page.curve(chart, "regression train")));
    }

    @Test
    void aRunWithoutMetricsLinesYetStillGetsAPage() {
        Page page = new Page(ReportWriter.html(List.of(run("new", "", null, RunData.Status.UNFINISHED))));
        assertEquals(List.of(), page.chartIds());
        assertTrue(page.doc.getDocumentElement().getTextContent().contains("no metrics lines yet"));
    }

    private static String caption(Page page, String chart) {
        return page.chart(chart)
                .getElementsByTagNameNS(Page.XHTML, "figcaption")
                .item(0)
                .getTextContent();
    }

    /** The texts of the svg text elements of a class in {@code root}, in order. */
    static List<String> texts(Element root, String cssClass) {
        List<String> out = new ArrayList<>();
        NodeList l = root.getElementsByTagNameNS(Page.SVG, "text");
        for (int i = 0; i < l.getLength(); i++) {
            Element e = (Element) l.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cssClass)) {
                out.add(e.getTextContent());
            }
        }
        return out;
    }
}
