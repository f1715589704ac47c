package io.sparknn.bench;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.InProcessGradientSource;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.spark.SparkGradientSource;
import io.sparknn.trainer.spark.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Trainer benchmark (issue 8): MNIST training throughput of the trainer's own loop
 * ({@link TrainingLoop}) for several global batch sizes, either in this process
 * ({@code --mode single}: {@link InProcessGradientSource} over one block, {@code --threads} engine
 * threads) or on Spark ({@code --mode spark}: {@link SparkGradientSource} on {@code --master},
 * one cached block per partition, {@code --threads} engine threads per task). On Spark, every
 * measured step is followed by an {@link EmptyJob} of the same size, so the per-step cost split
 * is printed next to Spark's floor measured side by side. bin/sparknn-bench runs the modes in
 * separate JVMs and prints the ratios.
 *
 * <pre>
 * java &lt;module options&gt; -cp bench/target/sparknn-bench.jar:$(cat bench/target/spark-classpath.txt) \
 *     io.sparknn.bench.TrainerBench --mode single|spark [--threads 1] [--master local[2]]
 *     [--partitions 2] [--models mlp,lenet] [--mlp-batches 256,1024,4096,8192]
 *     [--lenet-batches 256,1024] [--seconds 6] [--warmup 8] [--data DIR]
 * </pre>
 */
public final class TrainerBench {
    private static final double WARM_SECONDS = 3;

    private TrainerBench() {}

    public static void main(String[] args) throws Exception {
        BenchArgs a =
                new BenchArgs(args, "mode threads master partitions models mlp-batches lenet-batches seconds warmup");
        String mode = a.string("mode", "spark");
        if (!mode.equals("single") && !mode.equals("spark")) {
            throw new IllegalArgumentException("--mode is single or spark, got " + mode);
        }
        int threads = a.integer("threads", 1);
        double seconds = a.number("seconds", 6);
        int warmup = a.integer("warmup", 8);
        Mnist data = Mnist.load(a.data());
        ExampleBlock train = data.train();
        JavaSparkContext sc = null;
        JavaRDD<ExampleBlock> rdd = null;
        String where = "single process";
        if (mode.equals("spark")) {
            String master = a.string("master", "local[2]");
            sc = LocalSpark.start(master, "sparknn trainer benchmark");
            int partitions = a.integer("partitions", sc.defaultParallelism());
            rdd = TrainingData.cache(
                    sc,
                    ExampleBlock.split(train, ExampleBlock.evenSizes(train.n, partitions)),
                    StorageLevel.MEMORY_ONLY());
            where = master + ", " + partitions + " partitions";
        }
        System.out.println(Environment.describe("trainer " + mode + " (" + where + ")", threads));
        try {
            runModels(mode, sc, rdd, train, a, threads, warmup, seconds);
        } finally {
            if (sc != null) {
                sc.stop();
            }
        }
    }

    /**
     * Measures each model of {@code --models} at each of its {@code --<model>-batches}: on Spark
     * ({@code sc}, over the cached {@code rdd}) or, when {@code sc} is null, in this process over
     * {@code train}. Returns the per-step medians in the order measured.
     */
    static List<Measured> runModels(
            String mode,
            JavaSparkContext sc,
            JavaRDD<ExampleBlock> rdd,
            ExampleBlock train,
            BenchArgs a,
            int threads,
            int warmup,
            double seconds) {
        List<Measured> out = new ArrayList<>();
        for (String name : a.string("models", "mlp,lenet").split(",")) {
            Models m = Models.parse(name.trim());
            if (!available(m)) {
                System.out.println("SKIP " + m.label() + ": a layer of this network is not implemented in this build");
                continue;
            }
            for (int batch : a.integers(m.label() + "-batches", m == Models.MLP ? "256,1024,4096,8192" : "256,1024")) {
                GradientSource source = sc == null
                        ? new InProcessGradientSource(List.of(train), m.spec(), Precision.FLOAT32, threads)
                        : new SparkGradientSource(sc, rdd, train.n, m.spec(), Precision.FLOAT32, threads)
                                // what a run's default picks (depth 1 on 2 partitions), so a change to auto shows here
                                .withAggregation(io.sparknn.trainer.config.AggregationMode.AUTO);
                EmptyJob floor = sc == null
                        ? null
                        : new EmptyJob(sc, rdd.getNumPartitions(), m.spec().paramCount());
                try (source) {
                    out.add(new Measured(
                            m,
                            batch,
                            measure(
                                    mode,
                                    m,
                                    batch,
                                    threads,
                                    source,
                                    floor,
                                    warmup,
                                    seconds,
                                    rdd == null ? 1 : rdd.getNumPartitions())));
                }
            }
        }
        return out;
    }

    /** False when the build still has a placeholder layer in the network (conv before it is merged). */
    static boolean available(Models m) {
        try (Network n = Network.create(m.spec(), Network.Options.of(Precision.FLOAT32, 1), 0)) {
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static StepSplit measure(
            String mode,
            Models m,
            int batch,
            int threads,
            GradientSource source,
            EmptyJob floor,
            int warmup,
            double seconds,
            int partitions) {
        NetworkSpec spec = m.spec();
        TrainingState state = BenchTraining.initialState(spec, m.recipe().optimizer());
        List<StepReport> warm = new ArrayList<>();
        BenchTraining.run(source, state, m.recipe().optimizer(), batch, warmup, (r, s) -> warm.add(r));
        double stepMs = Stats.ofNanos(
                        warm.stream().mapToLong(StepReport::stepNanos).toArray())
                .median();
        // at least WARM_SECONDS of warm-up: Spark's own code paths need many short steps before C2 has compiled them
        int warmSteps = (int) Math.max(warmup, Math.min(3000, Math.ceil(WARM_SECONDS * 1000 / stepMs)));
        BenchTraining.run(source, state, m.recipe().optimizer(), batch, warmSteps, (r, s) -> {});
        if (floor != null) {
            for (int i = 0; i < warmSteps; i++) {
                floor.run();
            }
        }
        int steps = (int) Math.max(10, Math.min(3000, Math.ceil(seconds * 1000 / stepMs)));
        List<StepReport> reports = new ArrayList<>();
        long[] floors = new long[floor == null ? 0 : steps];
        BenchTraining.run(source, state, m.recipe().optimizer(), batch, warmSteps + steps, (r, s) -> {
            if (floor != null) {
                floors[reports.size()] = floor.run();
            }
            reports.add(r);
        });
        return print(mode, m, batch, threads, partitions, reports, floors);
    }

    private static StepSplit print(
            String mode, Models m, int batch, int threads, int partitions, List<StepReport> r, long[] floors) {
        long examples = r.stream().mapToLong(StepReport::examples).sum();
        Stats steps = Stats.ofNanos(r.stream().mapToLong(StepReport::stepNanos).toArray());
        double rate = examples / (steps.sum() / 1e3);
        StepSplit split = StepSplit.medians(r);
        Stats floor = Stats.ofNanos(floors);
        System.out.printf(
                Locale.ROOT,
                "%s %-5s batch %5d: %,8.0f samples/s over %d steps | per step (median ms): %s%s%n",
                mode,
                m.label(),
                batch,
                rate,
                r.size(),
                split.asSum(),
                floors.length == 0
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " | empty job %.1f (p10 %.1f) -> excess %+.1f",
                                floor.median(),
                                floor.quantile(0.1),
                                split.overhead() - floor.median()));
        System.out.printf(
                Locale.ROOT,
                "RESULT trainer mode=%s model=%s batch=%d threads=%d partitions=%d samples_per_s=%.0f steps=%d %s "
                        + "floor_ms=%.2f floor_p10_ms=%.2f%n",
                mode,
                m.label(),
                batch,
                threads,
                partitions,
                rate,
                r.size(),
                split.asResultFields(),
                floor.median(),
                floor.quantile(0.1));
        return split;
    }

    /** One model at one global batch, and its per-step medians. */
    record Measured(Models model, int batch, StepSplit split) {}

    /** The medians of a run's per-step times in ms: the whole step, its parts, and what is beyond compute. */
    record StepSplit(
            double step, double compute, double aggregate, double optimizer, double broadcast, double overhead) {
        static StepSplit medians(List<StepReport> r) {
            return new StepSplit(
                    median(r, StepReport::stepNanos),
                    median(r, StepReport::computeNanos),
                    median(r, StepReport::aggregateNanos),
                    median(r, StepReport::optimizerNanos),
                    median(r, StepReport::broadcastNanos),
                    median(r, x -> x.stepNanos() - x.computeNanos()));
        }

        private static double median(List<StepReport> r, ToLongFunction<StepReport> nanos) {
            return Stats.ofNanos(r.stream().mapToLong(nanos).toArray()).median();
        }

        String asSum() {
            return in(
                    "step %.1f = compute %.1f + aggregate %.1f + optimizer %.1f + broadcast %.1f; beyond compute %.1f");
        }

        String asResultFields() {
            return in(
                    "step_ms=%.2f compute_ms=%.2f aggregate_ms=%.2f optimizer_ms=%.2f broadcast_ms=%.2f overhead_ms=%.2f");
        }

        /** The six times in this order, into a template with six number placeholders. */
        private String in(String template) {
            return String.format(Locale.ROOT, template, step, compute, aggregate, optimizer, broadcast, overhead);
        }
    }
}
