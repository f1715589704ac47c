package io.sparknn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The synthetic-gradient comparison of issue 31 from the {@code metrics.jsonl} of text runs, several
 * seeds per arm: validation bits per character (mean ± sd over the seeds) at each evaluation (the
 * k-th of every run, at nearly equal characters: every arm evaluates each quarter of its budget),
 * the training seconds each arm took, and the bits per character at equal training time (each run's
 * curve interpolated linearly in {@code train_seconds} at the shortest arm's mean end time). A
 * synthetic arm is called better than plain TBPTT of the same window only where the gap exceeds
 * twice the larger of the two standard deviations.
 *
 * <pre>java -cp bench/target/sparknn-bench.jar:... io.sparknn.bench.SyntheticTable label=m1.jsonl,m2.jsonl,...</pre>
 */
public final class SyntheticTable {
    private SyntheticTable() {}

    public static void main(String[] args) throws IOException {
        Map<String, List<List<WindowsTable.Point>>> arms = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            List<List<WindowsTable.Point>> runs = new ArrayList<>();
            for (String f : a.substring(eq + 1).split(",")) {
                if (Files.exists(Path.of(f))) {
                    runs.add(WindowsTable.read(Path.of(f)));
                }
            }
            arms.put(a.substring(0, eq), runs);
        }
        int points = Integer.MAX_VALUE;
        for (var runs : arms.values()) {
            for (var r : runs) {
                points = Math.min(points, r.size());
            }
        }
        System.out.println("validation bits per character, mean ± sd over seeds (n runs), at each evaluation:");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-28s %3s", "arm", "n"));
        for (int k = 0; k < points; k++) {
            head.append(String.format(Locale.ROOT, " | %-19s", "eval " + (k + 1)));
        }
        head.append(" | train seconds");
        System.out.println(head);
        double shortest = Double.MAX_VALUE;
        Map<String, double[][]> atPoint = new LinkedHashMap<>();
        for (var e : arms.entrySet()) {
            var runs = e.getValue();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-28s %3d", e.getKey(), runs.size()));
            double[][] stats = new double[points][];
            for (int k = 0; k < points; k++) {
                double[] v = new double[runs.size()];
                long chars = 0;
                for (int i = 0; i < v.length; i++) {
                    v[i] = runs.get(i).get(k).bpc();
                    chars = runs.get(i).get(k).chars();
                }
                stats[k] = meanSd(v);
                line.append(String.format(Locale.ROOT, " | %.4f±%.4f @%4.2fM", stats[k][0], stats[k][1], chars / 1e6));
            }
            double[] secs = new double[runs.size()];
            for (int i = 0; i < secs.length; i++) {
                secs[i] = runs.get(i).get(points - 1).seconds();
            }
            double[] s = meanSd(secs);
            shortest = Math.min(shortest, s[0]);
            line.append(String.format(Locale.ROOT, " | %.1f±%.1f", s[0], s[1]));
            atPoint.put(e.getKey(), stats);
            System.out.println(line);
        }
        System.out.printf(Locale.ROOT, "%nat equal training time, %.1f s (the shortest arm's mean):%n", shortest);
        for (var e : arms.entrySet()) {
            var runs = e.getValue();
            double[] v = new double[runs.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = atTime(runs.get(i), shortest);
            }
            double[] s = meanSd(v);
            System.out.printf(Locale.ROOT, "%-28s %.4f±%.4f%n", e.getKey(), s[0], s[1]);
        }
    }

    /** The bits per character at {@code t} seconds: linear between evaluations (the first one before it). */
    static double atTime(List<WindowsTable.Point> run, double t) {
        WindowsTable.Point prev = null;
        for (WindowsTable.Point p : run) {
            if (p.seconds() >= t) {
                if (prev == null) {
                    return p.bpc();
                }
                double f = (t - prev.seconds()) / (p.seconds() - prev.seconds());
                return prev.bpc() + f * (p.bpc() - prev.bpc());
            }
            prev = p;
        }
        return prev.bpc();
    }

    /** Mean and sample standard deviation (0 for one value). */
    static double[] meanSd(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x;
        }
        m /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return new double[] {m, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0};
    }
}
