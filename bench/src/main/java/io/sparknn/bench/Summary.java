package io.sparknn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Tables from the {@code RESULT} lines that bin/sparknn-bench collected (each line tagged by the
 * script with {@code setting=} and {@code round=}): medians over rounds, and ratios taken within a
 * round (runs that ran back to back) before their median is taken, so that a slow phase of a
 * shared machine does not favour one side.
 *
 * <pre>java -cp bench/target/sparknn-bench.jar io.sparknn.bench.Summary results.txt</pre>
 */
public final class Summary {
    private Summary() {}

    public static void main(String[] args) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.startsWith("RESULT ")) {
                rows.add(parse(line));
            }
        }
        engine(rows);
        trainer(rows);
        charLm(rows);
        for (Map<String, String> r : rows) {
            if (r.get("kind").equals("mllib")) {
                System.out.println("mllib comparison: " + r);
            } else if (r.get("kind").equals("heap")) {
                System.out.println("larger than the heap: " + r);
            } else if (r.get("kind").equals("security")) {
                System.out.println("secured vs plain cluster: " + r);
            }
        }
    }

    static Map<String, String> parse(String line) {
        String[] parts = line.trim().split("\\s+");
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", parts[1]);
        for (int i = 2; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                m.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        return m;
    }

    private static double num(Map<String, String> r, String key) {
        String v = r.get(key);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    private static List<Map<String, String>> select(List<Map<String, String>> rows, String kind, String model) {
        return rows.stream()
                .filter(r -> r.get("kind").equals(kind) && model.equals(r.get("model")))
                .toList();
    }

    private static Map<String, List<Map<String, String>>> group(
            List<Map<String, String>> rows, Function<Map<String, String>, String> key) {
        Map<String, List<Map<String, String>>> g = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            g.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        return g;
    }

    private static Stats stat(List<Map<String, String>> rows, String key) {
        return new Stats(rows.stream()
                .mapToDouble(r -> num(r, key))
                .filter(d -> !Double.isNaN(d))
                .toArray());
    }

    /** Engine: per setting, medians over rounds; ratios to PyTorch on as many cores, per round. */
    private static void engine(List<Map<String, String>> rows) {
        for (String model : List.of("mlp", "lenet")) {
            List<Map<String, String>> sel = new ArrayList<>(select(rows, "engine", model));
            sel.addAll(select(rows, "pytorch", model));
            if (sel.isEmpty()) {
                continue;
            }
            Map<String, Map<String, String>> torch = new TreeMap<>();
            for (Map<String, String> r : select(rows, "pytorch", model)) {
                torch.put(r.get("round") + "/" + r.get("threads"), r);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nengine benchmark, %s (medians over rounds, min-max in brackets; ratios to "
                            + "PyTorch on as many cores in the same round)%n",
                    model);
            System.out.printf(
                    Locale.ROOT,
                    "%-22s %6s %26s %10s %8s %8s %8s %8s %11s %11s%n",
                    "setting",
                    "rounds",
                    "samples/s",
                    "per CPU-s",
                    "GFLOP/s",
                    "sgemm",
                    "test acc",
                    "train s",
                    "vs PyTorch",
                    "per CPU-s");
            for (var e : group(sel, r -> r.get("setting")).entrySet()) {
                List<Map<String, String>> g = e.getValue();
                Stats rate = stat(g, "samples_per_s");
                List<Double> wall = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                for (Map<String, String> r : g) {
                    Map<String, String> t =
                            r.get("kind").equals("engine") ? torch.get(r.get("round") + "/" + cores(r)) : null;
                    if (t != null) {
                        wall.add(num(r, "samples_per_s") / num(t, "samples_per_s"));
                        cpu.add(num(r, "samples_per_cpu_s") / num(t, "samples_per_cpu_s"));
                    }
                }
                double sgemm = stat(g, "sgemm_gflops").median();
                System.out.printf(
                        Locale.ROOT,
                        "%-22s %6d %,9.0f (%,7.0f-%,7.0f) %,10.0f %8.1f %8s %7.2f%% %8.1f %11s %11s%n",
                        e.getKey(),
                        g.size(),
                        rate.median(),
                        rate.quantile(0),
                        rate.quantile(1),
                        stat(g, "samples_per_cpu_s").median(),
                        stat(g, "gflops").median(),
                        Double.isNaN(sgemm) ? "" : String.format(Locale.ROOT, "%.1f", sgemm),
                        100 * stat(g, "test_accuracy").median(),
                        stat(g, "train_seconds").median(),
                        ratioText(wall),
                        ratioText(cpu));
            }
        }
    }

    /** Cores an engine setting uses: engine threads, times OpenBLAS's own threads when it is native. */
    private static String cores(Map<String, String> r) {
        int t = Integer.parseInt(r.get("engine_threads"));
        String obt = r.get("openblas_threads");
        if (String.valueOf(r.get("blas")).endsWith("JNIBLAS") && obt != null && obt.matches("\\d+")) {
            t *= Integer.parseInt(obt);
        }
        return Integer.toString(t);
    }

    private static String ratioText(List<Double> v) {
        return v.isEmpty()
                ? ""
                : String.format(
                        Locale.ROOT,
                        "%.2fx",
                        new Stats(v.stream().mapToDouble(Double::doubleValue).toArray()).median());
    }

    /** Trainer: per model and batch, single-process and Spark medians, Spark/single ratios per round. */
    private static void trainer(List<Map<String, String>> rows) {
        for (String model : List.of("mlp", "lenet")) {
            List<Map<String, String>> sel = select(rows, "trainer", model);
            if (sel.isEmpty()) {
                continue;
            }
            System.out.printf(
                    Locale.ROOT, "%ntrainer benchmark, %s (medians over rounds; ratios taken within a round)%n", model);
            System.out.printf(
                    Locale.ROOT,
                    "%-24s %6s %10s %9s %9s %9s %9s %9s %9s %8s %8s %8s%n",
                    "setting",
                    "batch",
                    "samples/s",
                    "step ms",
                    "compute",
                    "aggregate",
                    "optimizer",
                    "broadcast",
                    "beyond",
                    "floor",
                    "excess",
                    "ratio");
            // one command may measure several clusters (the security benchmark): its runs apart
            Map<String, List<Map<String, String>>> bySetting = group(
                    sel,
                    r -> Set.of("single", "spark").contains(r.get("mode"))
                            ? r.get("setting")
                            : r.get("setting") + " " + r.get("mode"));
            Map<String, Double> single1 = baseline(sel, "single-t1");
            Map<String, Double> single2 = baseline(sel, "single-t2");
            for (var e : bySetting.entrySet()) {
                for (var b : group(e.getValue(), r -> r.get("batch")).entrySet()) {
                    List<Map<String, String>> g = b.getValue();
                    String ratio = "";
                    if (e.getKey().startsWith("spark")) {
                        ratio = ratio(g, single1) + " / " + ratio(g, single2);
                    }
                    double excess = stat(g, "overhead_ms").median()
                            - stat(g, "floor_ms").median();
                    double floor = stat(g, "floor_ms").median();
                    System.out.printf(
                            Locale.ROOT,
                            "%-24s %6s %,10.0f %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %8s %8s %s%n",
                            e.getKey(),
                            b.getKey(),
                            stat(g, "samples_per_s").median(),
                            stat(g, "step_ms").median(),
                            stat(g, "compute_ms").median(),
                            stat(g, "aggregate_ms").median(),
                            stat(g, "optimizer_ms").median(),
                            stat(g, "broadcast_ms").median(),
                            stat(g, "overhead_ms").median(),
                            Double.isNaN(floor) ? "" : String.format(Locale.ROOT, "%.1f", floor),
                            Double.isNaN(excess) ? "" : String.format(Locale.ROOT, "%+.1f", excess),
                            ratio);
                }
            }
            System.out.println("ratio = Spark samples/s ÷ single-process samples/s in the same round: "
                    + "vs 1 engine thread (one task's threads) / vs 2 engine threads (the same cores)");
        }
    }

    /**
     * Char-LSTM training steps: chars/s per setting and windowing (medians over rounds), and the
     * ratio to PyTorch's same step on as many cores, taken within each round.
     */
    private static void charLm(List<Map<String, String>> rows) {
        List<Map<String, String>> ours =
                rows.stream().filter(r -> r.get("kind").equals("charlm")).toList();
        if (ours.isEmpty()) {
            return;
        }
        Map<String, Double> torch = new TreeMap<>();
        for (Map<String, String> r : rows) {
            if (r.get("kind").equals("pytorch_lstm")) {
                torch.put(r.get("round") + "/" + r.get("threads"), num(r, "chars_per_s"));
            }
        }
        System.out.println();
        System.out.println("char-LSTM training step (hidden 256, batch 64, window 100; medians over rounds)");
        System.out.printf(
                Locale.ROOT,
                "%-22s %-9s %10s %12s %8s %8s %8s %10s%n",
                "setting",
                "windows",
                "chars/s",
                "chars/CPU-s",
                "step ms",
                "compute",
                "beyond",
                "÷ PyTorch");
        for (var e : group(ours, r -> r.get("setting") + " " + r.get("windows")).entrySet()) {
            List<Map<String, String>> g = e.getValue();
            Map<String, String> first = g.get(0);
            // PyTorch on the same cores: a Spark run's cores are its partitions × threads
            int cores = Integer.parseInt(first.get("threads")) * Integer.parseInt(first.get("partitions"));
            double[] vs = g.stream()
                    .filter(r -> torch.containsKey(r.get("round") + "/" + cores))
                    .mapToDouble(r -> num(r, "chars_per_s") / torch.get(r.get("round") + "/" + cores))
                    .toArray();
            System.out.printf(
                    Locale.ROOT,
                    "%-22s %-9s %,10.0f %,12.0f %8.1f %8.1f %8.1f %10s%n",
                    first.get("setting"),
                    first.get("windows"),
                    stat(g, "chars_per_s").median(),
                    stat(g, "chars_per_cpu_s").median(),
                    stat(g, "step_ms").median(),
                    stat(g, "compute_ms").median(),
                    stat(g, "overhead_ms").median(),
                    vs.length == 0 ? "-" : String.format(Locale.ROOT, "%.2f", new Stats(vs).median()));
        }
        for (var e : group(
                        rows.stream()
                                .filter(r -> r.get("kind").equals("pytorch_lstm"))
                                .toList(),
                        r -> r.get("threads"))
                .entrySet()) {
            System.out.printf(
                    Locale.ROOT,
                    "%-22s %-9s %,10.0f %,12.0f%n",
                    "pytorch-t" + e.getKey(),
                    "-",
                    stat(e.getValue(), "chars_per_s").median(),
                    stat(e.getValue(), "chars_per_cpu_s").median());
        }
    }

    /** samples/s of a single-process setting by "round/batch". */
    private static Map<String, Double> baseline(List<Map<String, String>> rows, String setting) {
        Map<String, Double> m = new TreeMap<>();
        for (Map<String, String> r : rows) {
            if (setting.equals(r.get("setting"))) {
                m.put(r.get("round") + "/" + r.get("batch"), num(r, "samples_per_s"));
            }
        }
        return m;
    }

    private static String ratio(List<Map<String, String>> g, Map<String, Double> base) {
        double[] v = g.stream()
                .filter(r -> base.containsKey(r.get("round") + "/" + r.get("batch")))
                .mapToDouble(r -> num(r, "samples_per_s") / base.get(r.get("round") + "/" + r.get("batch")))
                .toArray();
        return v.length == 0 ? "-" : String.format(Locale.ROOT, "%.2f", new Stats(v).median());
    }
}
