package io.sparknn.bench;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.data.EmbeddedData;
import io.sparknn.trainer.spark.Aggregation;
import io.sparknn.trainer.spark.SparkGradientSource;
import io.sparknn.trainer.spark.StepTraffic;
import io.sparknn.trainer.spark.TrainingData;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * What the step listener ({@link StepTraffic}) costs per step as the events per step grow (not a
 * test): the embedded digits, an MLP 64-256-10, {@code local[2]}, 2 to 64 partitions at depth 1
 * (a task end per partition) and with reduce-scatter (two per partition), {@code --steps} steps
 * each, all in one JVM, in the order printed (so later cells run with warmer code, as a long run
 * does).
 *
 * <p>Per cell, over the steps after the first {@code --steps}/4: the events per step, the wall time
 * of the listener's own handlers per step ({@code spark_listener_ms}, as {@code metrics.jsonl}
 * holds it; median and p90), that over the events (µs per event), and the CPU time of Spark's
 * shared listener thread per step (the thread that runs this listener's handlers; it also counts
 * the bus's own dispatch of every event, our handlers included, so it bounds their cost from
 * above, and on a busy machine it does not count waiting for a core). The first cell's first 20
 * steps are printed apart: interpreted code, before the JIT compiles the handlers.
 *
 * <p>The handler times above are wall times on a machine whose two cores also run the step's
 * tasks, so they include waiting for a core. The last column separates the handlers' own cost: the
 * events of the cell's last {@value #TAPED_STEPS} steps, recorded as the bus delivered them ({@link
 * EventTape}), are replayed on this thread into {@value #REPLAYS} fresh detached listeners (after as
 * many to warm up), and the column is the median replay's time over the steps taped: the issue's
 * "ns per event × events per step", without the waiting.
 *
 * <p>{@code bin/sparknn-bench listener [--steps N]}
 */
public final class ListenerBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String BUS_THREAD = "spark-listener-group-shared";
    private static final int TAPED_STEPS = 20;
    private static final int REPLAYS = 2000;

    private ListenerBench() {}

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, "steps partitions");
        int steps = a.integer("steps", 400);
        int[] partitions = a.integers("partitions", "2,8,32,64");
        System.out.println(Environment.describe("listener: local[2]", 1));
        ExampleBlock all = EmbeddedData.digits().toBlock(0);
        NetworkSpec spec =
                NetworkSpec.builder(Shape.of(64)).dense(256).relu().dense(10).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        List<String> rows = new ArrayList<>();
        boolean first = true;
        try (JavaSparkContext sc = LocalSpark.start("local[2]", "sparknn listener")) {
            for (int p : partitions) {
                JavaRDD<ExampleBlock> rdd = TrainingData.cache(
                        sc, ExampleBlock.split(all, ExampleBlock.evenSizes(all.n, p)), StorageLevel.MEMORY_ONLY());
                for (Aggregation agg : List.of(Aggregation.IN_PARTITION_ORDER, Aggregation.REDUCE_SCATTER)) {
                    EventTape tape = new EventTape(steps - TAPED_STEPS);
                    sc.sc().addSparkListener(tape);
                    List<double[]> perStep;
                    try {
                        perStep = measure(sc, rdd, all.n, spec, agg, steps);
                    } finally {
                        sc.sc().removeSparkListener(tape);
                    }
                    double replayedMs = tape.replayNanos(sc.sc(), REPLAYS) / TAPED_STEPS / 1e6;
                    if (first) {
                        rows.add(row(
                                "first 20 steps",
                                p,
                                agg,
                                perStep.subList(0, Math.min(20, perStep.size())),
                                replayedMs));
                        first = false;
                    }
                    rows.add(row("after warm-up", p, agg, perStep.subList(steps / 4, perStep.size()), replayedMs));
                }
                rdd.unpersist(true);
            }
        }
        System.out.println("listener: per step; events: median; handler ms: spark_listener_ms median / p90;"
                + " µs/event: median of the steps' handler time over their events; bus CPU: the shared"
                + " listener thread's CPU time, median / p90; replayed ms: the handlers' own cost per"
                + " step, the last " + TAPED_STEPS + " steps' events replayed on one thread (median of " + REPLAYS
                + ")");
        System.out.printf(
                Locale.ROOT,
                "%-15s %4s %-15s %7s %10s %10s %9s %10s %10s %12s%n",
                "steps",
                "P",
                "aggregation",
                "events",
                "handler ms",
                "p90",
                "µs/event",
                "bus CPU ms",
                "p90",
                "replayed ms");
        rows.forEach(System.out::println);
    }

    /** Per step: events, handler ms, bus-thread CPU ms. */
    private static List<double[]> measure(
            JavaSparkContext sc,
            JavaRDD<ExampleBlock> rdd,
            long examples,
            NetworkSpec spec,
            Aggregation agg,
            int steps) {
        OptimizerSpec adam = OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM).withLr(1e-3);
        TrainingState state = BenchTraining.initialState(spec, adam);
        List<double[]> out = new ArrayList<>();
        try (SparkGradientSource source =
                new SparkGradientSource(sc, rdd, examples, spec, Precision.FLOAT32, 1).aggregatedBy(agg)) {
            long bus = busThread(); // started with the queue's first listener, the source's
            long[] cpu = {THREADS.getThreadCpuTime(bus)};
            BenchTraining.run(source, state, adam, 256, steps, (r, s) -> {
                // waits until the listener has seen the step's jobs end
                Map<StepTraffic.Figure, Number> t = source.traffic(r.globalStep());
                long now = THREADS.getThreadCpuTime(bus);
                out.add(new double[] {
                    t.get(StepTraffic.Figure.LISTENER_EVENTS).doubleValue(),
                    t.get(StepTraffic.Figure.LISTENER_MS).doubleValue(),
                    (now - cpu[0]) / 1e6
                });
                cpu[0] = now;
            });
        }
        return out;
    }

    private static String row(String what, int p, Aggregation agg, List<double[]> steps, double replayedMs) {
        Stats events = column(steps, s -> s[0]);
        Stats handler = column(steps, s -> s[1]);
        Stats perEvent = column(steps, s -> s[0] == 0 ? 0 : 1000 * s[1] / s[0]);
        Stats cpu = column(steps, s -> s[2]);
        return String.format(
                Locale.ROOT,
                "%-15s %4d %-15s %7.0f %10.4f %10.4f %9.2f %10.4f %10.4f %12.4f",
                what,
                p,
                agg,
                events.median(),
                handler.median(),
                handler.quantile(0.9),
                perEvent.median(),
                cpu.median(),
                cpu.quantile(0.9),
                replayedMs);
    }

    private static Stats column(List<double[]> steps, java.util.function.ToDoubleFunction<double[]> f) {
        return new Stats(steps.stream().mapToDouble(f).toArray());
    }

    /** The thread that runs listeners added with {@code addSparkListener}. */
    private static long busThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(BUS_THREAD)) {
                return t.getId();
            }
        }
        throw new IllegalStateException("no thread named " + BUS_THREAD);
    }
}
