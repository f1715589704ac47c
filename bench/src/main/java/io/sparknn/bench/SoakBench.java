package io.sparknn.bench;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.data.EmbeddedData;
import io.sparknn.trainer.spark.SparkGradientSource;
import io.sparknn.trainer.spark.SparkSetup;
import io.sparknn.trainer.spark.TrainingData;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.StorageLevel;
import scala.runtime.AbstractFunction1;

/**
 * Soak benchmark (not a test): {@code steps} training steps (default 10,000) of a small MLP on the
 * embedded digits on local[2], printing every 500 steps the driver heap after a full GC and the
 * number of live broadcast blocks, then their least-squares slopes from step 2,000 on. Spark's
 * status store grows until {@code spark.ui.retainedJobs / retainedStages / retainedTasks}; they
 * are lowered here so that growth ends early and what remains is the trainer's own.
 *
 * <p>{@code java <module options> -cp bench/target/sparknn-bench.jar:$(cat bench/target/spark-classpath.txt)
 * io.sparknn.bench.SoakBench [steps]}
 */
public final class SoakBench {
    private SoakBench() {}

    public static void main(String[] args) throws Exception {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 10_000;
        SparkConf conf = new SparkConf()
                .setMaster("local[2]")
                .setAppName("sparknn soak")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.retainedJobs", "100")
                .set("spark.ui.retainedStages", "100")
                .set("spark.ui.retainedTasks", "1000")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        SparkSetup.apply(conf);
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            ExampleBlock all = EmbeddedData.digits().toBlock(0);
            NetworkSpec spec =
                    NetworkSpec.builder(Shape.of(64)).dense(32).relu().dense(10).build(LossKind.SOFTMAX_CROSS_ENTROPY);
            var rdd = TrainingData.cache(
                    sc, ExampleBlock.split(all, ExampleBlock.evenSizes(all.n, 2)), StorageLevel.MEMORY_ONLY());
            OptimizerSpec adam = OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM);
            Network init = Network.create(spec, Network.Options.of(Precision.FLOAT32, 1), 1);
            TrainingState state = new TrainingState(
                    init.parameters().copy(), init.buffers().copy(), adam.create(Precision.FLOAT32, spec.paramCount()));
            List<double[]> samples = new ArrayList<>();
            long[] last = {System.nanoTime()};
            System.out.printf("%8s %12s %12s %10s%n", "step", "heap MB", "broadcasts", "ms/step");
            TrainingLoop loop = new TrainingLoop(
                    new TrainingLoop.Settings(Integer.MAX_VALUE, 64, 7, 0, steps),
                    new SparkGradientSource(sc, rdd, all.n, spec, Precision.FLOAT32, 1),
                    s -> adam.lr(),
                    Precision.FLOAT32);
            loop.run(state, (r, s) -> {
                if ((r.globalStep() + 1) % 500 == 0) {
                    double msPerStep = (System.nanoTime() - last[0]) / 1e6 / 500;
                    double heap = heapAfterGc();
                    long broadcasts = liveBroadcasts();
                    samples.add(new double[] {r.globalStep() + 1, heap, broadcasts});
                    System.out.printf(
                            Locale.ROOT, "%8d %12.1f %12d %10.1f%n", r.globalStep() + 1, heap, broadcasts, msPerStep);
                    last[0] = System.nanoTime();
                }
            });
            List<double[]> tail = samples.stream().filter(x -> x[0] >= 2000).toList();
            System.out.printf(
                    Locale.ROOT,
                    "slope from step 2,000: heap %.3f MB per 1,000 steps, broadcasts %.3f per 1,000 steps"
                            + " (%d samples)%n",
                    1000 * slope(tail, 1),
                    1000 * slope(tail, 2),
                    tail.size());
        }
    }

    static double heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
    }

    /**
     * Distinct broadcast variables with blocks still stored, after giving Spark's ContextCleaner a
     * moment to drop the task binaries the last GC released (it works asynchronously).
     */
    static long liveBroadcasts() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var ids = SparkEnv.get()
                .blockManager()
                .master()
                .getMatchingBlockIds(
                        new AbstractFunction1<BlockId, Object>() {
                            @Override
                            public Object apply(BlockId id) {
                                return id.isBroadcast();
                            }
                        },
                        true);
        return scala.jdk.javaapi.CollectionConverters.asJava(ids).stream()
                .map(id -> ((org.apache.spark.storage.BroadcastBlockId) id).broadcastId())
                .distinct()
                .count();
    }

    /** Least-squares slope of column y over column 0. */
    static double slope(List<double[]> xs, int y) {
        double n = xs.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (double[] p : xs) {
            sx += p[0];
            sy += p[y];
            sxx += p[0] * p[0];
            sxy += p[0] * p[y];
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }
}
