package io.sparknn.bench;

import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.trainer.spark.TrainingData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Which optimizer on Spark (issue 27): on the same SparkContext and cached MNIST partitions, each
 * arm trains a model from the seed's initial weights until a test accuracy (98% for the MLP, 99% for
 * LeNet) or a cap of training seconds, and the Spark jobs, optimizer steps, bytes sent to the driver
 * and training seconds at the target are written to a results file, one line a run. Adam is first
 * run at each of {@link OptimizerArm#ADAM_BATCHES} on the first seed; the batch that reached the
 * target soonest (or, if none did, came closest) is run on the other seeds. Then LAMB, L-BFGS, K-FAC
 * and Hessian-free on every seed. A rerun with the same results file skips every run it holds, so
 * an interrupted benchmark goes on where it stopped; the table ({@link OptimizerTable}) is printed
 * at the end.
 *
 * <pre>
 * java &lt;module options&gt; -cp bench/target/sparknn-bench.jar:$(cat bench/target/spark-classpath.txt) \
 *     io.sparknn.bench.OptimizerBench --results FILE [--master local[2]] [--models mlp,lenet]
 *     [--seeds 1,2,3] [--cap 120] [--arms adam,lamb,lbfgs,kfac,hessian_free] [--data DIR]
 * </pre>
 */
public final class OptimizerBench {
    private OptimizerBench() {}

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, "master partitions models seeds cap arms results");
        String master = a.string("master", "local[2]");
        double cap = a.number("cap", 120);
        int[] seeds = a.integers("seeds", "1,2,3");
        List<String> arms =
                List.of(a.string("arms", "adam,lamb,lbfgs,kfac,hessian_free").split(","));
        Path file = Path.of(a.string("results", "optimizers.txt"));
        Mnist data = Mnist.load(a.data());
        JavaSparkContext sc = LocalSpark.start(master, "sparknn optimizers");
        try {
            int partitions = a.integer("partitions", sc.defaultParallelism());
            System.out.println(Environment.describe(
                    "optimizers (" + master + ", " + partitions + " partitions, cap " + cap + " s)", 1));
            ExampleBlock train = data.train();
            JavaRDD<ExampleBlock> rdd = TrainingData.cache(
                    sc,
                    ExampleBlock.split(train, ExampleBlock.evenSizes(train.n, partitions)),
                    StorageLevel.MEMORY_ONLY());
            OptimizerRun runner = new OptimizerRun(sc, rdd, data);
            for (String name : a.string("models", "mlp,lenet").split(",")) {
                Models model = Models.parse(name);
                double target = target(model);
                Runs runs = new Runs(file, runner, model, target, cap, partitions, new boolean[1]);
                if (arms.contains(OptimizerArm.ADAM)) {
                    List<OptimizerResult> tried = Arrays.stream(OptimizerArm.ADAM_BATCHES)
                            .mapToObj(b -> runs.get(OptimizerArm.adam(b), seeds[0]))
                            .toList();
                    int batch = chooseBatch(tried);
                    System.out.println("  " + model.label() + ": Adam's batch is " + batch);
                    for (int i = 1; i < seeds.length; i++) {
                        runs.get(OptimizerArm.adam(batch), seeds[i]);
                    }
                }
                for (OptimizerArm arm : OptimizerArm.secondOrderAndLarge(train.n)) {
                    if (arms.contains(arm.name())) {
                        for (int seed : seeds) {
                            runs.get(arm, seed);
                        }
                    }
                }
            }
        } finally {
            sc.stop();
        }
        System.out.println();
        System.out.print(OptimizerTable.markdown(OptimizerTable.read(file)));
    }

    /** The test accuracy a model's arms train to. */
    static double target(Models model) {
        return model == Models.LENET ? 0.99 : 0.98;
    }

    /**
     * Adam's batch: of the tried batches, the one that reached the target in the fewest training
     * seconds; when none reached it, the one with the best accuracy.
     */
    static int chooseBatch(List<OptimizerResult> tried) {
        Optional<OptimizerResult> fastest = tried.stream()
                .filter(OptimizerResult::reached)
                .min(Comparator.comparingDouble(OptimizerResult::seconds));
        return fastest.orElseGet(() -> tried.stream()
                        .max(Comparator.comparingDouble(OptimizerResult::best))
                        .orElseThrow())
                .batch();
    }

    /** Training seconds of each warm-up run: the JIT compiles the step's code before the first timed run. */
    static final double WARM_UP_SECONDS = 3;

    /**
     * One model's runs: a run whose key (model, arm, batch, seed, optimizer line, partitions, cap) is
     * in the results file is reused, a new one appended to it. Before the first new run of a model,
     * Adam and K-FAC train for {@link #WARM_UP_SECONDS} from seed 0 and are thrown away, so the JIT's
     * and Spark's first-use costs are not charged to whichever arm comes first.
     */
    private record Runs(
            Path file, OptimizerRun runner, Models model, double target, double cap, int partitions, boolean[] warm) {
        OptimizerResult get(OptimizerArm arm, long seed) {
            OptimizerResult.Key key = new OptimizerResult.Key(
                    model.label(),
                    arm.name(),
                    arm.batch(),
                    seed,
                    OptimizerResult.token(arm.optimizer()),
                    partitions,
                    cap);
            try {
                for (OptimizerResult r : OptimizerTable.read(file)) {
                    if (r.key().equals(key)) {
                        System.out.println("  reused from " + file + ": " + r.toLine());
                        return r;
                    }
                }
                if (!warm[0]) {
                    System.out.println("  " + model.label() + ": warming up (results thrown away)");
                    runner.run(model, OptimizerArm.adam(512), 0, 2, WARM_UP_SECONDS);
                    runner.run(model, OptimizerArm.kfac(), 0, 2, WARM_UP_SECONDS);
                    warm[0] = true;
                }
                OptimizerResult r = runner.run(model, arm, seed, target, cap);
                append(file, r.toLine());
                System.out.println("RESULT optimizers " + r.toLine());
                return r;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read or append to " + file, e);
            }
        }
    }

    /**
     * Appends a line and forces it to the disk, so a crash after a run does not lose it. A line a
     * crash cut short is ended first, so that it does not swallow the new one.
     */
    static void append(Path file, String line) throws IOException {
        try (FileChannel out =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = out.size();
            ByteBuffer last = ByteBuffer.allocate(1);
            boolean ended = size == 0 || (out.read(last, size - 1) == 1 && last.get(0) == '\n');
            out.write(ByteBuffer.wrap(((ended ? "" : "\n") + line + "\n").getBytes(StandardCharsets.UTF_8)), size);
            out.force(true);
        }
    }
}
