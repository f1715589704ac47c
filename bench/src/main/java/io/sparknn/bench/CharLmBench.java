package io.sparknn.bench;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.InProcessGradientSource;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.Streams;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.data.TextReader;
import io.sparknn.trainer.sequence.SlidingWindows;
import io.sparknn.trainer.sequence.TextSplit;
import io.sparknn.trainer.spark.SparkGradientSource;
import io.sparknn.trainer.spark.SparkStatefulGradientSource;
import io.sparknn.trainer.spark.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Character-LSTM training throughput (issue 10): whole optimizer steps of the char-lm job's network
 * (embedding 32 → LSTM 256 → dense over the vocabulary, softmax cross-entropy per time step, Adam
 * lr 0.002, clipping at norm 5) with batch 64 and window 100 on the KJV text, through the trainer's
 * own loop: in this process ({@code --mode single}, {@code --threads} engine threads) or on Spark
 * ({@code --mode spark}, {@code --master}, one engine thread per task), with sliding windows and
 * with stateful streams. {@code tools/pytorch/lstm_bench.py --train} times the same step in PyTorch.
 *
 * <pre>
 * java &lt;module options&gt; -cp bench/target/sparknn-bench.jar:$(cat bench/target/spark-classpath.txt) \
 *     io.sparknn.bench.CharLmBench --mode single|spark [--threads 2] [--master local[2]]
 *     [--text ../shared/data/text/kjv.txt.gz] [--hidden 256] [--seconds 20] [--warmup 5]
 * </pre>
 */
public final class CharLmBench {
    static final int EMBEDDING = 32;
    static final int BATCH = 64;
    static final int WINDOW = 100;
    /** The first 2M characters: enough windows for every step of the measurement, quick to read. */
    static final long MAX_CHARS = 2_000_000;

    static final double WARM_SECONDS = 5;

    private CharLmBench() {}

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, "mode threads master text hidden seconds warmup");
        String mode = a.string("mode", "single");
        if (!mode.equals("single") && !mode.equals("spark")) {
            throw new IllegalArgumentException("--mode is single or spark, got " + mode);
        }
        int threads = a.integer("threads", mode.equals("single") ? 2 : 1);
        int hidden = a.integer("hidden", 256);
        double seconds = a.number("seconds", 20);
        int warmup = a.integer("warmup", 5);
        String path = a.string("text", "../shared/data/text/kjv.txt.gz");
        TextSplit split = TextSplit.of(TextReader.readFile(path, MAX_CHARS, new Configuration()), path, 0.02);
        int vocab = split.vocabulary().size();
        NetworkSpec spec = NetworkSpec.builder(Shape.of(WINDOW))
                .embedding(vocab, EMBEDDING)
                .lstm(hidden, true)
                .dense(vocab)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        OptimizerSpec adam = OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM).withLr(0.002);
        JavaSparkContext sc = mode.equals("spark")
                ? LocalSpark.start(a.string("master", "local[2]"), "sparknn char-lm benchmark")
                : null;
        String where = sc == null ? "single process" : sc.master() + ", " + sc.defaultParallelism() + " partitions";
        System.out.println(Environment.describe("char-lm " + mode + " (" + where + ")", threads));
        System.out.printf(
                Locale.ROOT,
                "network: %s; vocabulary %d, %,d parameters, batch %d, window %d, adam lr 0.002, clip 5%n",
                spec.toText().replace('\n', ' '),
                vocab,
                spec.paramCount(),
                BATCH,
                WINDOW);
        try {
            int partitions = sc == null ? 1 : sc.defaultParallelism();
            for (String windows : List.of("sliding", "stateful")) {
                try (GradientSource source = source(sc, windows, split.train(), spec, threads, partitions)) {
                    measure(mode, windows, threads, partitions, spec, adam, source, warmup, seconds);
                }
            }
        } finally {
            if (sc != null) {
                sc.stop();
            }
        }
    }

    private static GradientSource source(
            JavaSparkContext sc, String windows, int[] train, NetworkSpec spec, int threads, int partitions) {
        if (windows.equals("stateful")) {
            List<Streams> parts = Streams.of(train, BATCH, WINDOW).split(partitions);
            return sc == null
                    ? StatefulGradientSource.inProcess(parts, spec, Precision.FLOAT32, threads)
                    : SparkStatefulGradientSource.spark(sc, parts, spec, Precision.FLOAT32, threads);
        }
        ExampleBlock all = SlidingWindows.block(train, WINDOW, WINDOW);
        List<ExampleBlock> blocks = ExampleBlock.split(all, ExampleBlock.evenSizes(all.n, partitions));
        return sc == null
                ? new InProcessGradientSource(blocks, spec, Precision.FLOAT32, threads)
                : new SparkGradientSource(
                        sc,
                        TrainingData.cache(sc, blocks, StorageLevel.MEMORY_ONLY()),
                        all.n,
                        spec,
                        Precision.FLOAT32,
                        threads);
    }

    private static void measure(
            String mode,
            String windows,
            int threads,
            int partitions,
            NetworkSpec spec,
            OptimizerSpec adam,
            GradientSource source,
            int warmup,
            double seconds) {
        TrainingState state;
        try (Network net = Network.create(spec, Network.Options.of(Precision.FLOAT32, 1), 1)) {
            state = new TrainingState(
                    net.parameters().copy(), net.buffers().copy(), adam.create(Precision.FLOAT32, spec.paramCount()));
        }
        List<StepReport> reports = new ArrayList<>();
        long[] cpu = new long[1];
        TrainingLoop loop = new TrainingLoop(
                new TrainingLoop.Settings(Integer.MAX_VALUE, BATCH, 7, 5.0, 0),
                source,
                step -> adam.lr(),
                Precision.FLOAT32);
        long[] end = {Long.MAX_VALUE};
        long begin = System.nanoTime();
        try {
            loop.run(state, new TrainingLoop.Listener() {
                @Override
                public void onStep(StepReport r, TrainingState s) {
                    // warm-up: at least `warmup` steps and WARM_SECONDS, so C2 has compiled Spark's paths too
                    if (end[0] == Long.MAX_VALUE
                            && s.globalStep >= warmup
                            && System.nanoTime() - begin >= WARM_SECONDS * 1e9) {
                        end[0] = System.nanoTime() + (long) (seconds * 1e9);
                        cpu[0] = Environment.processCpuNanos();
                    } else if (end[0] != Long.MAX_VALUE) {
                        reports.add(r);
                        if (System.nanoTime() > end[0]) {
                            throw new Done();
                        }
                    }
                }
            });
        } catch (Done done) {
            // the measurement's time is up
        }
        double cpuSeconds = (Environment.processCpuNanos() - cpu[0]) / 1e9;
        print(mode, windows, threads, partitions, reports, cpuSeconds);
    }

    /** Ends the endless loop once the measured time has passed. */
    private static final class Done extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Done() {
            super(null, null, false, false);
        }
    }

    private static void print(
            String mode, String windows, int threads, int partitions, List<StepReport> r, double cpuSeconds) {
        long chars = r.stream().mapToLong(StepReport::examples).sum() * WINDOW;
        Stats step = Stats.ofNanos(r.stream().mapToLong(StepReport::stepNanos).toArray());
        Stats compute =
                Stats.ofNanos(r.stream().mapToLong(StepReport::computeNanos).toArray());
        Stats optimizer =
                Stats.ofNanos(r.stream().mapToLong(StepReport::optimizerNanos).toArray());
        Stats overhead = Stats.ofNanos(
                r.stream().mapToLong(x -> x.stepNanos() - x.computeNanos()).toArray());
        double rate = chars / (step.sum() / 1e3);
        System.out.printf(
                Locale.ROOT,
                "%s %-8s: %,8.0f chars/s over %d steps, %,.0f chars per CPU-second | per step (median ms): "
                        + "step %.1f = compute %.1f + optimizer %.1f + the rest; beyond compute %.1f%n",
                mode,
                windows,
                rate,
                r.size(),
                chars / cpuSeconds,
                step.median(),
                compute.median(),
                optimizer.median(),
                overhead.median());
        System.out.printf(
                Locale.ROOT,
                "RESULT charlm mode=%s windows=%s threads=%d partitions=%d chars_per_s=%.0f "
                        + "chars_per_cpu_s=%.0f steps=%d step_ms=%.2f compute_ms=%.2f optimizer_ms=%.2f overhead_ms=%.2f%n",
                mode,
                windows,
                threads,
                partitions,
                rate,
                chars / cpuSeconds,
                r.size(),
                step.median(),
                compute.median(),
                optimizer.median(),
                overhead.median());
    }
}
