package io.sparknn.bench;

import io.sparknn.engine.Precision;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.trainer.config.AggregationMode;
import io.sparknn.trainer.config.GradientWire;
import io.sparknn.trainer.plan.CostModel;
import io.sparknn.trainer.plan.StepBytes;
import io.sparknn.trainer.plan.StepProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-step cost model (issue 23, {@link CostModel}): measures each benchmark network's compute
 * per example and optimizer update on one core in this process ({@link StepProbe}); with
 * {@code --scale FILE} (the log of a {@code bin/sparknn-bench scale} run) fits the job, stage and
 * task costs to that run's 1–2 executor steps and prints predicted against measured bytes and times
 * for every cell (compute corrected for the executors sharing 2 cores); then projects each network
 * to 16, 64 and 256 executors at each bandwidth, per aggregation and wire, with the parallel
 * efficiency and the smallest global batch at which 64 executors reach 80%.
 *
 * <pre>
 * java &lt;module options&gt; -cp bench/target/sparknn-bench.jar:$(cat bench/target/spark-classpath.txt) \
 *     io.sparknn.bench.CostBench [--scale FILE] [--models mlp,lenet,wide] [--bandwidths 10,25] [--latency-ms 0.5] [--cores 2]
 * </pre>
 */
public final class CostBench {
    private CostBench() {}

    static final List<AggregationMode> MODES =
            List.of(AggregationMode.DEPTH_1, AggregationMode.DEPTH_2, AggregationMode.REDUCE_SCATTER);
    static final int[] PROJECTED = {16, 64, 256};
    private static final Pattern LINE = Pattern.compile(
            "scale executors=(\\d+) aggregation=(depth 1|reduce-scatter) wire=(\\S+) model=(\\S+) params=(\\d+)"
                    + " batch=(\\d+) step_ms=([\\d.]+) .*\\{(.*)\\}");

    /** One cell of a scale run, as its progress line gives it. */
    record Measured(
            int executors,
            AggregationMode mode,
            GradientWire wire,
            String model,
            int batch,
            double stepMs,
            Map<String, Double> figures) {}

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, "scale models bandwidths latency-ms cores");
        double latency = a.number("latency-ms", 0.5);
        int cores = a.integer("cores", 2);
        String[] models = a.string("models", "mlp,lenet,wide").split(",");
        System.out.println(Environment.describe("cost model probe", 1));
        Map<String, CostModel.Workload> work = new LinkedHashMap<>();
        Map<String, Double> sumRate = new HashMap<>();
        for (String m : models) {
            ScaleBench.Net net = ScaleBench.net(m.trim());
            int probe = m.trim().equals("wide") ? 64 : 256;
            CostModel.Workload w = StepProbe.measure(
                    net.spec(),
                    Precision.FLOAT32,
                    OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM),
                    GradientWire.FLOAT32,
                    net.batch(),
                    probe,
                    12);
            double rate = StepProbe.sumBytesPerSecond(net.spec().paramCount(), Precision.FLOAT32);
            work.put(net.label(), w);
            sumRate.put(net.label(), rate);
            System.out.printf(
                    Locale.ROOT,
                    "probe model=%s params=%d compute_ms_per_example=%.4f update_ms=%.2f sum_gb_per_s=%.2f%n",
                    net.label(),
                    w.params(),
                    w.computeMsPerExample(),
                    w.updateMs(),
                    rate / 1e9);
        }
        double rate =
                sumRate.values().stream().mapToDouble(Double::doubleValue).min().orElse(2e9);
        CostModel.Constants constants = new CostModel.Constants(0, 0, 0, CostModel.gbps(10), latency, rate);
        String scale = a.string("scale", "");
        if (!scale.isEmpty()) {
            constants = check(Files.readAllLines(Path.of(scale)), work, constants, cores);
        } else {
            constants = CostModel.Constants.MEASURED.withBandwidthGbps(10);
            System.out.println("no --scale run given: the committed constants " + constants);
        }
        project(work, constants, a.string("bandwidths", "10,25"));
        CostModel.Constants quiet = CostModel.Constants.QUIET.withLatency(latency);
        System.out.println();
        System.out.println("the same with Spark's low-load floor (CostModel.Constants.QUIET): " + quiet);
        project(
                work,
                new CostModel.Constants(
                        quiet.jobMs(), quiet.stageMs(), quiet.taskMs(), quiet.bandwidthBytesPerSecond(), latency, rate),
                a.string("bandwidths", "10,25"));
    }

    /** Fits the overheads to the run's 1–2 executor cells; prints every cell predicted against measured. */
    static CostModel.Constants check(
            List<String> lines, Map<String, CostModel.Workload> work, CostModel.Constants base, int cores) {
        List<Measured> cells = parse(lines);
        // compute per example from the one-executor depth-1 cell of each model: its task's run time
        // (forward, backward, the result's serialization) with no other executor on the cores
        Map<String, CostModel.Workload> fitted = new HashMap<>();
        for (Measured c : cells) {
            CostModel.Workload w = work.get(c.model());
            if (w != null && c.executors() == 1 && c.mode() == AggregationMode.DEPTH_1) {
                double perExample = c.figures().get("EXECUTOR_RUN_MS") / c.batch();
                fitted.put(
                        c.model(),
                        new CostModel.Workload(w.params(), 4, c.wire(), perExample, w.updateMs(), c.batch()));
                System.out.printf(
                        Locale.ROOT,
                        "fit model=%s compute_ms_per_example=%.4f (one executor's task) against %.4f in process%n",
                        c.model(),
                        perExample,
                        w.computeMsPerExample());
            }
        }
        CostModel bare = new CostModel(base);
        List<CostModel.Overhead> overheads = new ArrayList<>();
        List<CostModel.Overhead> all = new ArrayList<>();
        for (Measured c : cells) {
            CostModel.Workload w = fitted.get(c.model());
            if (w != null && c.executors() <= cores) {
                CostModel.Prediction p = bare.predict(w.withWire(c.wire()), c.mode(), c.executors(), cores);
                all.add(new CostModel.Overhead(p.bytes().stages(), p.bytes().tasks(), c.stepMs() - p.stepMs()));
            }
            if (w != null && c.executors() == 1) {
                CostModel.Prediction p = bare.predict(w.withWire(c.wire()), c.mode(), c.executors(), cores);
                overheads.add(
                        new CostModel.Overhead(p.bytes().stages(), p.bytes().tasks(), c.stepMs() - p.stepMs()));
            }
        }
        double[] f3 = CostModel.fitOverheads(all);
        System.out.printf(
                Locale.ROOT,
                "fit of job, stage, task to the %d cells of ≤ %d executors: %.1f, %.1f, %.1f ms (not used: the"
                        + " executors' contention for the cores lands in the task cost)%n",
                all.size(),
                cores,
                f3[0],
                f3[1],
                f3[2]);
        double[] f = CostModel.fitJobAndTask(overheads);
        CostModel.Constants fittedConstants = base.withOverheads(f[0], 0, f[1]);
        System.out.printf(
                Locale.ROOT,
                "fit of job and task to the %d one-executor cells (a second stage counted as its tasks): job %.1f ms,"
                        + " task %.1f ms%n",
                overheads.size(),
                f[0],
                f[1]);
        CostModel model = new CostModel(fittedConstants);
        System.out.println(
                "| model | P | aggregation | driver in, MB: measured / predicted | broadcast, MB | shuffle, MB |"
                        + " step ms: measured / predicted | predicted ÷ measured |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Measured c : cells) {
            CostModel.Workload w = fitted.get(c.model());
            if (w == null) {
                continue;
            }
            CostModel.Prediction p = model.predict(w.withWire(c.wire()), c.mode(), c.executors(), cores);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %s | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f | %.0f / %.0f | %.2f |%n",
                    c.model(),
                    c.executors(),
                    text(c.mode()),
                    c.figures().get("DRIVER_IN_BYTES") / 1e6,
                    p.bytes().driverIn() / 1e6,
                    c.figures().get("BROADCAST_BYTES") / 1e6,
                    p.bytes().broadcast() / 1e6,
                    c.figures().get("SHUFFLE_WRITE_BYTES") / 1e6,
                    p.bytes().shuffle() / 1e6,
                    c.stepMs(),
                    p.stepMs(),
                    p.stepMs() / c.stepMs());
        }
        return fittedConstants;
    }

    static List<Measured> parse(List<String> lines) {
        List<Measured> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Map<String, Double> figures = new HashMap<>();
            for (String kv : m.group(8).split(",\\s*")) {
                String[] p = kv.split("=");
                figures.put(p[0].trim(), Double.parseDouble(p[1].trim()));
            }
            out.add(new Measured(
                    Integer.parseInt(m.group(1)),
                    m.group(2).equals("depth 1") ? AggregationMode.DEPTH_1 : AggregationMode.REDUCE_SCATTER,
                    GradientWire.valueOf(m.group(3).toUpperCase(Locale.ROOT)),
                    m.group(4),
                    Integer.parseInt(m.group(6)),
                    Double.parseDouble(m.group(7)),
                    figures));
        }
        return out;
    }

    /** The projection table and the smallest batches, per model, wire and mode. */
    static void project(Map<String, CostModel.Workload> work, CostModel.Constants constants, String bandwidths) {
        List<Double> gbps = new ArrayList<>();
        for (String b : bandwidths.split(",")) {
            gbps.add(Double.parseDouble(b.trim()));
        }
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "projection: job %.1f ms, stage %.1f ms, task %.1f ms, %.2f ms a message, sums at %.2f GB/s%n",
                constants.jobMs(),
                constants.stageMs(),
                constants.taskMs(),
                constants.latencyMs(),
                constants.sumBytesPerSecond() / 1e9);
        StringBuilder head = new StringBuilder("| model (batch) | wire | aggregation |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (double g : gbps) {
            for (int p : PROJECTED) {
                head.append(String.format(Locale.ROOT, " P %d, %.0f Gb/s: ms (eff.) |", p, g));
                rule.append("---|");
            }
        }
        System.out.println(head);
        System.out.println(rule);
        List<String> smallest = new ArrayList<>();
        for (Map.Entry<String, CostModel.Workload> e : work.entrySet()) {
            for (GradientWire wire : GradientWire.values()) {
                CostModel.Workload w = e.getValue().withWire(wire);
                for (AggregationMode mode : MODES) {
                    StringBuilder row = new StringBuilder(String.format(
                            Locale.ROOT, "| %s (%d) | %s | %s |", e.getKey(), w.batch(), wire.text(), text(mode)));
                    StringBuilder batches = new StringBuilder(
                            String.format(Locale.ROOT, "| %s | %s | %s |", e.getKey(), wire.text(), text(mode)));
                    for (double g : gbps) {
                        CostModel model = new CostModel(constants.withBandwidthGbps(g));
                        for (int p : PROJECTED) {
                            CostModel.Prediction pr = model.predict(w, mode, p);
                            row.append(String.format(
                                    Locale.ROOT, " %.0f (%.2f) |", pr.stepMs(), model.efficiency(w, mode, p)));
                        }
                        int b = model.smallestBatch(w, mode, 64, 0.8);
                        batches.append(b < 0 ? " none ≤ 2^25 |" : String.format(Locale.ROOT, " %,d |", b));
                    }
                    System.out.println(row);
                    smallest.add(batches.toString());
                }
            }
        }
        System.out.println();
        StringBuilder h = new StringBuilder("| model | wire | aggregation |");
        StringBuilder r = new StringBuilder("|---|---|---|");
        for (double g : gbps) {
            h.append(String.format(Locale.ROOT, " smallest batch, 64 executors at 80%%, %.0f Gb/s |", g));
            r.append("---|");
        }
        System.out.println(h);
        System.out.println(r);
        smallest.forEach(System.out::println);
        // the model's bytes at 64 executors, for the record
        for (Map.Entry<String, CostModel.Workload> e : work.entrySet()) {
            CostModel.Workload w = e.getValue();
            for (AggregationMode mode : MODES) {
                StepBytes b = StepBytes.of(mode, w.params(), 4, GradientWire.FLOAT32, 64);
                System.out.printf(
                        Locale.ROOT,
                        "RESULT cost model=%s executors=64 aggregation=%s driver_in_mb=%.2f broadcast_mb=%.2f"
                                + " shuffle_mb=%.2f tasks=%d%n",
                        e.getKey(),
                        mode.text(),
                        b.driverIn() / 1e6,
                        b.broadcast() / 1e6,
                        b.shuffle() / 1e6,
                        b.tasks());
            }
        }
    }

    static String text(AggregationMode m) {
        return switch (m) {
            case DEPTH_1 -> "depth 1";
            case DEPTH_2 -> "depth 2";
            case REDUCE_SCATTER -> "reduce-scatter";
            case AUTO -> "auto";
        };
    }
}
