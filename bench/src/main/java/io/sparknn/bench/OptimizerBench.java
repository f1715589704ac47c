package io.sparknn.bench;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.eval.Evaluator;
import io.sparknn.engine.eval.Metrics;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerSpecs;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.spark.SparkGradientSource;
import io.sparknn.trainer.spark.TrainingData;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.storage.StorageLevel;

/**
 * Which optimizer on Spark (issue 27), a first skeleton: each arm trains a model on MNIST on the
 * same SparkContext and data until a test accuracy or a cap of training seconds, and reports the
 * Spark jobs, optimizer steps, task-result bytes sent to the driver and training seconds at which
 * it first reached the target (evaluations, every {@code --eval-every} steps and at each epoch's
 * end, run in this process and outside the clocks and the counts). Not yet: 3 seeds per arm, the
 * Adam batch chosen from {128, 512, 2048}, a resumable results file (each arm is one line, so a
 * rerun of the arms missing from it is what remains).
 *
 * <p>An arm is {@code name=batch:optimizer line}, the line as model files write it; the defaults:
 * Adam (batch 128), LAMB (8192), L-BFGS (the whole set), K-FAC (1024) and Hessian-free (6000).
 *
 * <pre>
 * java &lt;module options&gt; -cp bench/target/sparknn-bench.jar:$(cat bench/target/spark-classpath.txt) \
 *     io.sparknn.bench.OptimizerBench [--master local[2]] [--models mlp] [--target 0.98] [--cap 120]
 *     [--eval-every 20] [--seed 1] [--arms adam,kfac] [--data DIR]
 * </pre>
 */
public final class OptimizerBench {
    private OptimizerBench() {}

    /** The arms a run may name with {@code --arms}. */
    static final List<String[]> ARMS = List.of(
            new String[] {"adam", "128", "adam lr=0.001"},
            new String[] {"lamb", "8192", "lamb lr=0.01"},
            new String[] {"lbfgs", "60000", "lbfgs lr=1 max_iter=1 history_size=20 line_search_fn=strong_wolfe"},
            new String[] {"kfac", "1024", "kfac lr=0.05 damping=0.01 inverse_interval=20"},
            new String[] {"hessian_free", "6000", "hessian_free max_cg_iter=50"});

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, "master partitions models target cap eval-every seed arms");
        String master = a.string("master", "local[2]");
        double target = a.number("target", 0.98);
        double cap = a.number("cap", 120);
        int evalEvery = a.integer("eval-every", 20);
        long seed = a.integer("seed", 1);
        List<String> arms =
                List.of(a.string("arms", "adam,lamb,lbfgs,kfac,hessian_free").split(","));
        Mnist data = Mnist.load(a.data());
        JavaSparkContext sc = LocalSpark.start(master, "sparknn optimizers");
        sc.setLogLevel("WARN");
        AtomicLong jobs = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.incrementAndGet();
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskMetrics() != null) {
                    bytes.addAndGet(end.taskMetrics().resultSize());
                }
            }
        });
        try {
            int partitions = a.integer("partitions", sc.defaultParallelism());
            System.out.println(Environment.describe("optimizers (" + master + ", " + partitions + " partitions)", 1));
            ExampleBlock train = data.train();
            JavaRDD<ExampleBlock> rdd = TrainingData.cache(
                    sc,
                    ExampleBlock.split(train, ExampleBlock.evenSizes(train.n, partitions)),
                    StorageLevel.MEMORY_ONLY());
            for (String model : a.string("models", "mlp").split(",")) {
                Models m = Models.parse(model);
                for (String[] arm : ARMS) {
                    if (arms.contains(arm[0])) {
                        int batch = Math.min(Integer.parseInt(arm[1]), train.n);
                        OptimizerSpec o = OptimizerSpecs.parse("--arms", arm[2]);
                        run(sc, rdd, data, m, arm[0], batch, o, seed, target, cap, evalEvery, jobs, bytes);
                    }
                }
            }
        } finally {
            sc.stop();
        }
    }

    /** Waits until the listener has seen every event posted so far (the job and byte counts are then exact). */
    private static void drain(JavaSparkContext sc) {
        try {
            sc.sc().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the Spark listener bus did not drain", e);
        }
    }

    /** Thrown by the listener to end an arm's loop. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private static void run(
            JavaSparkContext sc,
            JavaRDD<ExampleBlock> rdd,
            Mnist data,
            Models m,
            String name,
            int batch,
            OptimizerSpec o,
            long seed,
            double target,
            double cap,
            int evalEvery,
            AtomicLong jobs,
            AtomicLong bytes) {
        NetworkSpec spec = m.spec();
        Precision p = Precision.FLOAT32;
        ExampleBlock train = data.train();
        drain(sc);
        long jobs0 = jobs.get();
        long bytes0 = bytes.get();
        long[] nanos = {0};
        double[] best = {0};
        String[] reached = {null};
        try (Network init = Network.create(spec, Network.Options.of(p, 1), seed);
                Network eval = Network.create(spec, Network.Options.of(p, 1), seed);
                SparkGradientSource source = new SparkGradientSource(sc, rdd, train.n, spec, p, 1)) {
            TrainingState state =
                    new TrainingState(init.parameters().copy(), init.buffers().copy(), o.create(p, spec));
            TrainingLoop loop =
                    new TrainingLoop(new TrainingLoop.Settings(10_000, batch, seed, 0, 0), source, s -> o.lr(), p);
            try {
                loop.run(state, new TrainingLoop.Listener() {
                    @Override
                    public void onStep(StepReport r, TrainingState s) {
                        nanos[0] += r.stepNanos();
                        boolean epochEnd = s.stepInEpoch + 1 == r.stepsPerEpoch();
                        if ((s.globalStep + 1) % evalEvery != 0 && !epochEnd && nanos[0] / 1e9 < cap) {
                            return;
                        }
                        drain(sc);
                        long j = jobs.get() - jobs0;
                        long b = bytes.get() - bytes0;
                        eval.setParameters(s.params.toDoubles());
                        double acc = new Metrics(Evaluator.score(eval, data.test()), List.of()).accuracy();
                        best[0] = Math.max(best[0], acc);
                        System.out.printf(
                                Locale.ROOT,
                                "  %s %s step %d: test accuracy %.2f%% after %.1f s, %d jobs, %.1f MB to the driver%n",
                                m.label(),
                                name,
                                s.globalStep + 1,
                                100 * acc,
                                nanos[0] / 1e9,
                                j,
                                b / 1e6);
                        if (acc >= target) {
                            reached[0] = String.format(
                                    Locale.ROOT,
                                    "steps=%d jobs=%d bytes=%d seconds=%.1f",
                                    s.globalStep + 1,
                                    j,
                                    b,
                                    nanos[0] / 1e9);
                            throw new Stop();
                        }
                        if (nanos[0] / 1e9 >= cap) {
                            throw new Stop();
                        }
                    }
                });
            } catch (Stop stop) {
                // the target or the cap
            }
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT optimizers model=%s arm=%s batch=%d optimizer=\"%s\" target=%.4f %s best=%.4f%n",
                m.label(),
                name,
                batch,
                o.toText(),
                target,
                reached[0] == null ? "reached=no cap_seconds=" + cap : "reached=yes " + reached[0],
                best[0]);
    }
}
