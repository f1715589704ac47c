package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The run report from both ends: every {@code train} run writes {@code report.html} beside its
 * metrics (a finished one with the held-out confusion matrix, a diverged one showing where it
 * stopped), and {@code report} writes one for any run directories, with one clear line and its exit
 * code for bad input.
 */
class ReportJobTest {
    private static final String SVG = "http://www.w3.org/2000/svg";
    private static final String XHTML = "http://www.w3.org/1999/xhtml";

    @TempDir
    Path tmp;

    /** The report job needs no Spark: run it as bin/sparknn does, without the shared context. */
    private static JobTestSupport.Result report(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = Report.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return new JobTestSupport.Result(code, buf.toString(StandardCharsets.UTF_8));
    }

    private static Document parse(Path html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(html.toFile());
    }

    /** The texts of the svg text elements whose class list holds {@code cssClass}. */
    private static List<Element> svgTexts(Document d, String cssClass) {
        List<Element> out = new ArrayList<>();
        NodeList l = d.getElementsByTagNameNS(SVG, "text");
        for (int i = 0; i < l.getLength(); i++) {
            Element e = (Element) l.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cssClass)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String status(Document d) {
        NodeList l = d.getElementsByTagNameNS(XHTML, "span");
        for (int i = 0; i < l.getLength(); i++) {
            Element e = (Element) l.item(i);
            if (e.getAttribute("class").startsWith("status ")) {
                return e.getTextContent();
            }
        }
        throw new AssertionError("no status");
    }

    @Test
    void aTrainRunWritesItsReportWithTheConfusionMatrixOfItsEvaluation() throws Exception {
        Path out = tmp.resolve("digits");
        Path cfg = JobTestSupport.write(
                tmp,
                "digits.json",
                JobTestSupport.digitsConfig(
                        out, "{\"batch_size\": 64, \"epochs\": 3, \"seed\": 3, \"log_every\": 5}", ""));
        JobTestSupport.Result r = JobTestSupport.run(Train::run, cfg.toString());
        assertEquals(0, r.code(), r.err());
        Document d = parse(out.resolve("report.html"));
        assertEquals("finished", status(d));
        JsonNode matrix = new ObjectMapper()
                .readTree(out.resolve("evaluation.json").toFile())
                .get("confusion_matrix");
        List<Element> cells = svgTexts(d, "count");
        assertEquals(100, cells.size(), "10 x 10 classes");
        for (Element c : cells) {
            int t = Integer.parseInt(c.getAttribute("data-truth"));
            int p = Integer.parseInt(c.getAttribute("data-prediction"));
            assertEquals(matrix.get(t).get(p).asText(), c.getTextContent(), "cell " + t + ", " + p);
        }
        // the training time of every step line, summed over all steps: it grows
        double previous = 0;
        for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
            JsonNode n = new ObjectMapper().readTree(line);
            if (n.path("type").asText().equals("step")) {
                assertTrue(n.get("train_seconds").asDouble() > previous, line);
                previous = n.get("train_seconds").asDouble();
            }
        }

        // the report job on the same run, and on a copy of it that was killed (no _SUCCESS, no evaluation)
        Path killed = tmp.resolve("killed");
        Files.createDirectories(killed);
        for (String f : List.of("metrics.jsonl", "config.resolved.json", "run-info.json")) {
            Files.copy(out.resolve(f), killed.resolve(f));
        }
        Path both = tmp.resolve("both.html");
        JobTestSupport.Result job = report(out.toString(), killed.toString(), "--out", both.toString());
        assertEquals(0, job.code(), job.err());
        Document two = parse(both);
        List<String> legend = new ArrayList<>();
        NodeList figures = two.getElementsByTagNameNS(XHTML, "figure");
        Element loss = (Element) figures.item(0);
        assertEquals("chart-loss-step", loss.getAttribute("id"));
        NodeList items = loss.getElementsByTagNameNS(XHTML, "li");
        for (int i = 0; i < items.getLength(); i++) {
            legend.add(items.item(i).getTextContent().replaceAll(": last .*", ""));
        }
        assertEquals(List.of("digits train", "digits validation", "killed train", "killed validation"), legend);
        assertTrue(two.getDocumentElement().getTextContent().contains("unfinished (running, killed or failed)"));
    }

    @Test
    void aDivergedRunWritesItsReportShowingWhereItStopped() throws Exception {
        Path out = tmp.resolve("diverged");
        Path cfg = JobTestSupport.write(
                tmp,
                "diverge.json",
                JobTestSupport.digitsConfig(
                                out, "{\"batch_size\": 100, \"epochs\": 2, \"seed\": 1, \"log_every\": 1}", "")
                        .replace("\"lr\": 0.01", "\"lr\": 1e30"));
        JobTestSupport.Result r = JobTestSupport.run(Train::run, cfg.toString());
        assertEquals(ExitCode.DIVERGED.code(), r.code(), r.err());
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
        Document d = parse(out.resolve("report.html"));
        String message = r.err().trim().replaceFirst("^train: ", "");
        assertEquals("failed: " + message, status(d));
        List<String> markers = svgTexts(d, "marker-label").stream()
                .map(Element::getTextContent)
                .toList();
        assertFalse(markers.isEmpty(), "the curves mark where the run stopped");
        assertTrue(markers.get(0).matches("diverged: failed after step \\d+"), markers.toString());
    }

    @Test
    void wrongArgumentsAreUsageErrors() {
        for (List<String> args :
                List.of(List.<String>of(), List.of("a", "b"), List.of("a", "--bogus"), List.of("a", "--out"))) {
            JobTestSupport.Result r = report(args.toArray(String[]::new));
            assertEquals(ExitCode.USAGE.code(), r.code(), args + ": " + r.err());
            assertTrue(r.err().contains(Report.USAGE), r.err());
        }
        assertTrue(report("a", "b").err().startsWith("report: 2 runs need --out FILE"));
    }

    @Test
    void badRunDirectoriesAreOneLineOfBadData() throws Exception {
        Path missing = tmp.resolve("nothing-here");
        JobTestSupport.Result r = report(missing.toString());
        assertEquals(ExitCode.BAD_DATA.code(), r.code());
        assertEquals("report: " + missing + ": no such run directory\n", r.err());

        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        Files.writeString(
                run.resolve("metrics.jsonl"),
                "{\"type\":\"step\",\"step\":0,\"loss\":1.0}\n{\"type\":\"step\",\"step\":1,\"loss\":oops}\n");
        r = report(run.toString());
        assertEquals(ExitCode.BAD_DATA.code(), r.code());
        assertTrue(r.err().startsWith("report: " + run.resolve("metrics.jsonl") + " line 2: "), r.err());
        assertEquals(1, r.err().lines().count(), "one line, no stack trace: " + r.err());
        assertFalse(Files.exists(run.resolve("report.html")), "no report from bad input");
    }
}
