package io.sparknn.trainer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a run directory on any Hadoop file system into {@link RunData}: {@code metrics.jsonl} (or,
 * while a run on an object store goes, its segments {@code metrics/part-*.jsonl} in order),
 * {@code run-info.json}, {@code config.resolved.json}, {@code evaluation.json} and whether
 * {@code _SUCCESS} is there. Every file but the metrics is optional: a run that has only started
 * still gets its report.
 */
public final class RunFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFiles() {}

    /** Reads the run in {@code dir}, named {@code name}. */
    public static RunData read(FileSystem given, Path dir, String name) throws IOException {
        // the metrics log is written beneath the local file system's checksums (it appends): read it the same way
        FileSystem fs = given instanceof ChecksumFileSystem c ? c.getRawFileSystem() : given;
        if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
            throw new ReportException(dir + ": no such run directory");
        }
        MetricsLines metrics = metrics(fs, dir);
        byte[] config = readIfExists(fs, new Path(dir, "config.resolved.json"));
        if (metrics == null && config == null) {
            throw new ReportException(dir + ": not a sparknn run (no metrics.jsonl, metrics/ or config.resolved.json)");
        }
        List<RunData.Fact> info = new ArrayList<>();
        int vocabulary = 0;
        Path infoFile = new Path(dir, "run-info.json");
        byte[] infoBytes = readIfExists(fs, infoFile);
        if (infoBytes != null) {
            JsonNode n = tree(infoFile, infoBytes);
            n.properties()
                    .forEach(e -> info.add(new RunData.Fact(
                            e.getKey(),
                            e.getValue().isValueNode()
                                    ? e.getValue().asText()
                                    : e.getValue().toString())));
            vocabulary = n.path("vocabulary").asInt(0);
        }
        String configText = config == null ? null : new String(config, StandardCharsets.UTF_8);
        Path evaluationFile = new Path(dir, "evaluation.json");
        byte[] evaluation = readIfExists(fs, evaluationFile);
        return new RunData(
                name,
                dir.toString(),
                fs.exists(new Path(dir, "_SUCCESS")) ? RunData.Status.FINISHED : RunData.Status.UNFINISHED,
                null,
                metrics == null ? new MetricsLines(List.of(), List.of()) : metrics,
                info,
                configText,
                configText == null
                        ? null
                        : ModelSummary.ofConfig(
                                new Path(dir, "config.resolved.json").toString(), configText, vocabulary),
                evaluation == null ? null : Evaluation.parse(evaluationFile.toString(), evaluation));
    }

    /** The metrics lines, from metrics.jsonl or else its segments; null when there are neither. */
    private static MetricsLines metrics(FileSystem fs, Path dir) throws IOException {
        Path file = new Path(dir, "metrics.jsonl");
        byte[] bytes = readIfExists(fs, file);
        if (bytes != null) {
            return MetricsLines.parse(file.toString(), bytes);
        }
        Path segments = new Path(dir, "metrics");
        if (!fs.exists(segments)) {
            return null;
        }
        FileStatus[] parts = fs.listStatus(segments, p -> p.getName().matches("part-\\d+\\.jsonl"));
        Arrays.sort(parts, Comparator.comparing(s -> s.getPath().getName()));
        List<StepLine> steps = new ArrayList<>();
        List<ScoreLine> scores = new ArrayList<>();
        for (FileStatus s : parts) {
            byte[] part = readIfExists(fs, s.getPath());
            if (part != null) {
                MetricsLines m = MetricsLines.parse(s.getPath().toString(), part);
                steps.addAll(m.steps());
                scores.addAll(m.scores());
            }
        }
        return new MetricsLines(steps, scores);
    }

    private static JsonNode tree(Path file, byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new ReportException(file + ": not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new ReportException(file + ": not JSON: " + Evaluation.firstLine(e.getMessage()), e);
        }
    }

    private static byte[] readIfExists(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            return null;
        }
    }
}
