package io.sparknn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The optimizer benchmark's table: one row per model, arm and batch, each column the median over
 * that row's seeds taken on its own (the seconds of the median row need not go with its jobs). A
 * seed that did not reach the target counts as beyond the cap, so a median of three is a number
 * only when two seeds reached it; otherwise the row says "not reached" and gives the median best
 * accuracy instead.
 *
 * <pre>
 * java -cp … io.sparknn.bench.OptimizerTable RESULTS_FILE
 * </pre>
 */
public final class OptimizerTable {
    private OptimizerTable() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: OptimizerTable RESULTS_FILE");
        }
        System.out.print(markdown(read(Path.of(args[0]))));
    }

    /** The complete results a file holds, in file order; none when it does not exist. */
    static List<OptimizerResult> read(Path file) throws IOException {
        List<OptimizerResult> results = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                OptimizerResult.parse(line).ifPresent(results::add);
            }
        }
        return results;
    }

    /**
     * The table, rows in the order their first result appears; a run found twice (two files put
     * together) counts once, the first, as a resume reuses it.
     */
    static String markdown(List<OptimizerResult> results) {
        Map<String, List<OptimizerResult>> rows = new LinkedHashMap<>();
        Set<OptimizerResult.Key> seen = new HashSet<>();
        for (OptimizerResult r : results) {
            if (seen.add(r.key())) {
                rows.computeIfAbsent(r.model() + " " + r.arm() + " " + r.batch(), k -> new ArrayList<>())
                        .add(r);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("Each figure is the median over the row's seeds, taken column by column (a seed that missed the"
                + " target counts as beyond the cap); training seconds also give the range over the seeds.\n\n");
        out.append("| model | target | arm | batch | seeds reached | steps | Spark jobs | MB to the driver"
                + " | training s (range) | best test accuracy |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (List<OptimizerResult> row : rows.values()) {
            OptimizerResult first = row.get(0);
            long reached = row.stream().filter(OptimizerResult::reached).count();
            long diverged = row.stream()
                    .filter(r -> r.outcome() == OptimizerResult.Outcome.DIVERGED)
                    .count();
            boolean tried = first.arm().equals(OptimizerArm.ADAM)
                    && row.size() == 1
                    && rows.values().stream()
                            .anyMatch(o -> o.size() > 1
                                    && o.get(0).model().equals(first.model())
                                    && o.get(0).arm().equals(OptimizerArm.ADAM));
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f%% | %s | %d | %d of %d%s | %s | %s | %s | %s | %.2f%% |%n",
                    first.model(),
                    100 * first.target(),
                    first.arm() + (tried ? " (batch tried on the first seed, not kept)" : ""),
                    first.batch(),
                    reached,
                    row.size(),
                    diverged > 0 ? " (" + diverged + " diverged)" : "",
                    medianToTarget(row, r -> r.steps(), "%.0f"),
                    medianToTarget(row, r -> r.jobs(), "%.0f"),
                    medianToTarget(row, r -> r.bytes() / 1e6, "%.0f"),
                    medianToTarget(row, OptimizerResult::seconds, "%.1f") + range(row),
                    100 * median(row, OptimizerResult::best)));
        }
        return out.toString();
    }

    /** " (a–b)", the range of the seeds' training seconds at the target, when more than one reached it. */
    private static String range(List<OptimizerResult> row) {
        double[] s = row.stream()
                .filter(OptimizerResult::reached)
                .mapToDouble(OptimizerResult::seconds)
                .sorted()
                .toArray();
        return s.length < 2 ? "" : String.format(Locale.ROOT, " (%.1f–%.1f)", s[0], s[s.length - 1]);
    }

    /** The median of a figure at the target, a seed that missed it counting as beyond every value. */
    static String medianToTarget(List<OptimizerResult> row, ToDoubleFunction<OptimizerResult> figure, String format) {
        Optional<Double> m = medianOrAbove(row.stream()
                .mapToDouble(r -> r.reached() ? figure.applyAsDouble(r) : Double.POSITIVE_INFINITY)
                .toArray());
        return m.map(v -> String.format(Locale.ROOT, format, v)).orElse("not reached");
    }

    private static double median(List<OptimizerResult> row, ToDoubleFunction<OptimizerResult> figure) {
        return medianOrAbove(row.stream().mapToDouble(figure).toArray()).orElseThrow();
    }

    /** The median (the mean of the middle two of an even count), empty when it is infinite. */
    static Optional<Double> medianOrAbove(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        double m = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return Double.isInfinite(m) ? Optional.empty() : Optional.of(m);
    }
}
