package io.sparknn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The windowing comparison of issue 10 from the {@code metrics.jsonl} of char-lm runs (one per
 * arm, each with {@code evaluate_every}): validation bits per character at equal characters
 * processed (the step counts every arm evaluated at) and at equal training time (for each arm the
 * last evaluation at or before the time; {@code train_seconds} counts training steps only).
 *
 * <pre>java -cp bench/target/sparknn-bench.jar:... io.sparknn.bench.WindowsTable label=metrics.jsonl...</pre>
 */
public final class WindowsTable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One evaluation of a run. */
    record Point(long steps, long chars, double seconds, double bpc) {}

    private WindowsTable() {}

    public static void main(String[] args) throws IOException {
        Map<String, List<Point>> arms = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            arms.put(a.substring(0, eq), read(Path.of(a.substring(eq + 1))));
        }
        equalCharacters(arms);
        equalTime(arms);
    }

    static List<Point> read(Path metrics) throws IOException {
        List<Point> points = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonNode m = JSON.readTree(line);
            if (m.has("type")) {
                continue; // a step line (log_every > 0); the scores of a text have no type
            }
            points.add(new Point(
                    m.get("steps").asLong(),
                    m.get("train_chars").asLong(),
                    m.get("train_seconds").asDouble(),
                    m.get("validation_bpc").asDouble()));
        }
        return points;
    }

    private static void equalCharacters(Map<String, List<Point>> arms) {
        TreeSet<Long> common = null;
        for (List<Point> points : arms.values()) {
            TreeSet<Long> steps = new TreeSet<>();
            points.forEach(p -> steps.add(p.steps()));
            if (common == null) {
                common = steps;
            } else {
                common.retainAll(steps);
            }
        }
        System.out.println("validation bits per character at equal characters processed");
        header("characters", arms);
        for (long step : common) {
            long chars = 0;
            StringBuilder row = new StringBuilder();
            for (List<Point> points : arms.values()) {
                Point p = points.stream()
                        .filter(x -> x.steps() == step)
                        .findFirst()
                        .orElseThrow();
                chars = p.chars();
                row.append(String.format(
                        Locale.ROOT, " %22s", String.format(Locale.ROOT, "%.3f (%.0f s)", p.bpc(), p.seconds())));
            }
            System.out.printf(Locale.ROOT, "%12s%s%n", String.format(Locale.ROOT, "%.1fM", chars / 1e6), row);
        }
    }

    private static void equalTime(Map<String, List<Point>> arms) {
        double shortest = arms.values().stream()
                .mapToDouble(p -> p.get(p.size() - 1).seconds())
                .min()
                .orElse(0);
        System.out.println();
        System.out.println(
                "validation bits per character at equal training time (the last evaluation at or before it)");
        header("seconds", arms);
        for (int q = 1; q <= 4; q++) {
            double t = shortest * q / 4;
            StringBuilder row = new StringBuilder();
            for (List<Point> points : arms.values()) {
                Point best = null;
                for (Point p : points) {
                    if (p.seconds() <= t + 1e-9) {
                        best = p;
                    }
                }
                row.append(String.format(
                        Locale.ROOT,
                        " %22s",
                        best == null
                                ? "-"
                                : String.format(
                                        Locale.ROOT,
                                        "%.3f (%.1fM, %.0f s)",
                                        best.bpc(),
                                        best.chars() / 1e6,
                                        best.seconds())));
            }
            System.out.printf(Locale.ROOT, "%12.0f%s%n", t, row);
        }
    }

    private static void header(String first, Map<String, List<Point>> arms) {
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%12s", first));
        arms.keySet().forEach(label -> h.append(String.format(Locale.ROOT, " %22s", label)));
        System.out.println(h);
    }
}
