package io.sparknn.bench;

import io.sparknn.cluster.StandaloneCluster;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.config.GradientWire;
import io.sparknn.trainer.spark.Aggregation;
import io.sparknn.trainer.spark.SparkGradientSource;
import io.sparknn.trainer.spark.StepTraffic;
import io.sparknn.trainer.spark.TrainingData;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * What a step moves as the executors grow (issue 22): the harness's standalone cluster on this
 * machine with 8 one-core workers; for 1, 2, 4 and 8 executors (one partition each) and for depth 1
 * and reduce-scatter, one application trains the MLP, LeNet and a wide MLP of 10M parameters on
 * MNIST for a few steps and reports, per step (medians), the bytes on each channel as Spark's
 * listener counts them ({@link io.sparknn.trainer.spark.StepTraffic}: task results into the driver,
 * broadcast pieces the executors stored, shuffle written and read; shuffle compression off, so the
 * bytes are the gradients'), the step's time split and samples per second. The executors share
 * this machine's cores: times are oversubscribed, bytes exact. {@code --wire float32,bfloat16} runs
 * each cell on each gradient wire (issue 24; default float32).
 *
 * <pre>
 * java &lt;module options&gt; -Dsparknn.root=. -cp bench/target/sparknn-bench.jar:$(cat bench/target/spark-classpath.txt) \
 *     io.sparknn.bench.ScaleBench [--executors 1,2,4,8] [--models mlp,lenet,wide] [--wire float32] [--data DIR]
 * </pre>
 */
public final class ScaleBench {
    private ScaleBench() {}

    /** A benchmark network with its batch and step counts (few steps: the wide MLP's are slow on 2 cores). */
    record Net(String label, NetworkSpec spec, int batch, int warmup, int steps) {
        long paramBytes() {
            return 4L * spec.paramCount();
        }
    }

    static Net net(String name) {
        return switch (name) {
            case "mlp" -> new Net("mlp", Models.MLP.spec(), 1024, 10, 20);
            case "lenet" -> new Net("lenet", Models.LENET.spec(), 256, 5, 12);
            case "wide" ->
                new Net(
                        "wide",
                        NetworkSpec.builder(Shape.of(784))
                                .dense(2048)
                                .relu()
                                .dense(4096)
                                .relu()
                                .dense(10)
                                .build(LossKind.SOFTMAX_CROSS_ENTROPY),
                        256,
                        2,
                        6);
            default -> throw new IllegalArgumentException("--models: mlp, lenet or wide, got " + name);
        };
    }

    /** One (executors, aggregation, network) cell: medians over its measured steps. */
    record Cell(
            int executors,
            String aggregation,
            GradientWire wire,
            Net net,
            double stepMs,
            double computeMs,
            double aggregateMs,
            double broadcastMs,
            double optimizerMs,
            Map<StepTraffic.Figure, Double> traffic) {
        double samplesPerSecond() {
            return net.batch() / (stepMs / 1000);
        }
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, "executors models wire");
        BenchCluster build = BenchCluster.ofThisBuild();
        int[] executors = a.integers("executors", "1,2,4,8");
        List<Net> nets = new ArrayList<>();
        for (String m : a.string("models", "mlp,lenet,wide").split(",")) {
            nets.add(net(m.trim()));
        }
        List<GradientWire> wires = new ArrayList<>();
        for (String w : a.string("wire", "float32").split(",")) {
            wires.add(GradientWire.valueOf(w.trim().toUpperCase(Locale.ROOT)));
        }
        ExampleBlock train = Mnist.load(a.data()).train();
        int workers = java.util.Arrays.stream(executors).max().orElse(1);
        System.out.println(Environment.describe("scale: " + workers + " one-core workers", 1));
        List<Cell> cells = new ArrayList<>();
        try (StandaloneCluster cluster =
                StandaloneCluster.start(build.layout(), build.root().resolve("target/bench-clusters/scale"), workers)) {
            for (int e : executors) {
                for (Aggregation agg : List.of(Aggregation.IN_PARTITION_ORDER, Aggregation.REDUCE_SCATTER)) {
                    for (GradientWire wire : wires) {
                        cells.addAll(run(cluster, build, e, agg, wire, nets, train));
                    }
                }
            }
        }
        print(cells);
    }

    private static List<Cell> run(
            StandaloneCluster cluster,
            BenchCluster build,
            int executors,
            Aggregation agg,
            GradientWire wire,
            List<Net> nets,
            ExampleBlock train) {
        Map<String, String> settings = build.application(executors, "768m");
        settings.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
        settings.put("spark.shuffle.compress", "false");
        JavaSparkContext sc = LocalSpark.start(
                cluster.masterUrl(), "sparknn scale " + executors + " " + agg + " " + wire.text(), settings);
        List<Cell> out = new ArrayList<>();
        try {
            // the driver waits at most maxRegisteredResourcesWaitingTime, then starts with fewer: a cell on
            // fewer executors than it names would report fewer broadcast fetches, so it is refused
            int registered = sc.sc().statusTracker().getExecutorInfos().length - 1;
            if (registered != executors) {
                throw new IllegalStateException(registered + " of " + executors + " executors registered within 120 s ("
                        + agg + ", " + wire.text() + "): the cell would not measure " + executors + " executors");
            }
            JavaRDD<ExampleBlock> rdd = TrainingData.cache(
                    sc,
                    ExampleBlock.split(train, ExampleBlock.evenSizes(train.n, executors)),
                    StorageLevel.MEMORY_ONLY());
            for (Net n : nets) {
                out.add(measure(sc, rdd, train.n, executors, agg, wire, n));
            }
        } finally {
            sc.stop();
        }
        return out;
    }

    private static Cell measure(
            JavaSparkContext sc,
            JavaRDD<ExampleBlock> rdd,
            long examples,
            int executors,
            Aggregation agg,
            GradientWire wire,
            Net n) {
        OptimizerSpec adam = OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM).withLr(1e-3);
        TrainingState state = BenchTraining.initialState(n.spec(), adam);
        List<StepReport> reports = new ArrayList<>();
        List<Map<StepTraffic.Figure, Number>> traffic = new ArrayList<>();
        try (SparkGradientSource source = new SparkGradientSource(sc, rdd, examples, n.spec(), Precision.FLOAT32, 1)
                .aggregatedBy(agg)
                .withGradientWire(wire)) {
            BenchTraining.run(source, state, adam, n.batch(), n.warmup() + n.steps(), (r, s) -> {
                if (r.globalStep() >= n.warmup()) {
                    reports.add(r);
                    traffic.add(source.traffic(r.globalStep()));
                }
            });
        }
        Map<StepTraffic.Figure, Double> medians = new EnumMap<>(StepTraffic.Figure.class);
        for (StepTraffic.Figure figure : traffic.get(0).keySet()) {
            double[] v = traffic.stream()
                    .mapToDouble(t -> t.get(figure).doubleValue())
                    .toArray();
            medians.put(figure, new Stats(v).median());
        }
        Cell c = new Cell(
                executors,
                agg.toString(),
                wire,
                n,
                median(reports, StepReport::stepNanos),
                median(reports, StepReport::computeNanos),
                median(reports, StepReport::aggregateNanos),
                median(reports, StepReport::broadcastNanos),
                median(reports, StepReport::optimizerNanos),
                medians);
        System.out.printf(
                Locale.ROOT,
                "scale executors=%d aggregation=%s wire=%s model=%s params=%d batch=%d step_ms=%.1f samples_per_s=%.0f %s%n",
                executors,
                agg,
                wire.text(),
                n.label(),
                n.spec().paramCount(),
                n.batch(),
                c.stepMs(),
                c.samplesPerSecond(),
                medians);
        return c;
    }

    private static double median(List<StepReport> r, java.util.function.ToLongFunction<StepReport> nanos) {
        return Stats.ofNanos(r.stream().mapToLong(nanos).toArray()).median();
    }

    private static void print(List<Cell> cells) {
        System.out.println();
        System.out.println(
                "scale: medians per step; bytes from Spark's listener (shuffle compression off); times in ms;"
                        + " in/param: driver bytes in over parameter bytes");
        System.out.printf(
                Locale.ROOT,
                "%-6s %3s %-15s %-8s %12s %8s %12s %12s %12s %8s %8s %8s %8s %8s %8s %9s %8s %8s%n",
                "model",
                "P",
                "aggregation",
                "wire",
                "driver in",
                "in/param",
                "broadcast",
                "shuffle wr",
                "shuffle rd",
                "step",
                "compute",
                "aggreg.",
                "sched",
                "deser",
                "run",
                "samples/s",
                "listener",
                "events");
        for (Cell c : cells) {
            Map<StepTraffic.Figure, Double> t = c.traffic();
            System.out.printf(
                    Locale.ROOT,
                    "%-6s %3d %-15s %-8s %12.0f %8.2f %12.0f %12.0f %12.0f %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f %9.0f %8.3f %8.0f%n",
                    c.net().label(),
                    c.executors(),
                    c.aggregation(),
                    c.wire().text(),
                    t.get(StepTraffic.Figure.DRIVER_IN_BYTES),
                    t.get(StepTraffic.Figure.DRIVER_IN_BYTES) / c.net().paramBytes(),
                    t.get(StepTraffic.Figure.BROADCAST_BYTES),
                    t.get(StepTraffic.Figure.SHUFFLE_WRITE_BYTES),
                    t.get(StepTraffic.Figure.SHUFFLE_READ_BYTES),
                    c.stepMs(),
                    c.computeMs(),
                    c.aggregateMs(),
                    t.get(StepTraffic.Figure.SCHEDULER_DELAY_MS),
                    t.get(StepTraffic.Figure.DESERIALIZE_MS),
                    t.get(StepTraffic.Figure.EXECUTOR_RUN_MS),
                    c.samplesPerSecond(),
                    t.get(StepTraffic.Figure.LISTENER_MS),
                    t.get(StepTraffic.Figure.LISTENER_EVENTS));
            System.out.printf(
                    Locale.ROOT,
                    "RESULT scale model=%s executors=%d aggregation=%s wire=%s param_bytes=%d driver_in_bytes=%.0f "
                            + "broadcast_bytes=%.0f shuffle_write_bytes=%.0f shuffle_read_bytes=%.0f step_ms=%.2f "
                            + "samples_per_s=%.1f listener_ms=%.4f listener_events=%.0f%n",
                    c.net().label(),
                    c.executors(),
                    c.aggregation().replace(' ', '_'),
                    c.wire().text(),
                    c.net().paramBytes(),
                    t.get(StepTraffic.Figure.DRIVER_IN_BYTES),
                    t.get(StepTraffic.Figure.BROADCAST_BYTES),
                    t.get(StepTraffic.Figure.SHUFFLE_WRITE_BYTES),
                    t.get(StepTraffic.Figure.SHUFFLE_READ_BYTES),
                    c.stepMs(),
                    c.samplesPerSecond(),
                    t.get(StepTraffic.Figure.LISTENER_MS),
                    t.get(StepTraffic.Figure.LISTENER_EVENTS));
        }
    }
}
