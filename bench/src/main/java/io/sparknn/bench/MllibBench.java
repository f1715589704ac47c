package io.sparknn.bench;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.eval.Evaluator;
import io.sparknn.engine.eval.Metrics;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.spark.SparkGradientSource;
import io.sparknn.trainer.spark.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * MLlib comparison (issue 8): time to a test accuracy (default 97%) on MNIST for our MLP
 * 784-256-128-10 trained by the trainer on Spark, then for Spark MLlib's
 * {@code MultilayerPerceptronClassifier} with the same layer sizes, in the same SparkContext on
 * the same master and data (pixels scaled to [0, 1], as many partitions, MLlib's DataFrame
 * local-checkpointed so its tasks read cached blocks), each capped at
 * {@code --cap} seconds of training. Only training time counts: caching the data and evaluating
 * on the test set are outside the clocks.
 *
 * <p>MLlib's classifier has no per-iteration callback, so it is trained in chunks of
 * {@code --mllib-chunk} L-BFGS iterations, each fit warm-started from the previous weights
 * ({@code setInitialWeights}) and evaluated in between. Each warm start begins a fresh L-BFGS
 * history; a chunk that would end past the cap (judged by the last chunk's time) is not started.
 * If MLlib does not reach the target within the cap, its best accuracy is reported with our time
 * to that same accuracy (from our evaluations, every {@code --eval-every} steps).
 *
 * <pre>
 * java &lt;module options&gt; -cp bench/target/sparknn-bench.jar:$(cat bench/target/spark-classpath.txt) \
 *     io.sparknn.bench.MllibBench [--master local[2]] [--partitions 2] [--target 0.97] [--cap 600]
 *     [--batch 1024] [--lr 0.002] [--eval-every 10] [--mllib-chunk 25] [--skip-mllib 1] [--data DIR]
 * </pre>
 */
public final class MllibBench {
    private MllibBench() {}

    /** Our run's accuracy after a given training time. */
    record Point(double seconds, long steps, double accuracy) {}

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, "master partitions target cap batch lr eval-every mllib-chunk skip-mllib");
        String master = a.string("master", "local[2]");
        double target = a.number("target", 0.97);
        double cap = a.number("cap", 600);
        Mnist data = Mnist.load(a.data());
        JavaSparkContext sc = LocalSpark.start(master, "sparknn vs MLlib");
        try {
            int partitions = a.integer("partitions", sc.defaultParallelism());
            System.out.println(
                    Environment.describe("mllib comparison (" + master + ", " + partitions + " partitions)", 1));
            List<Point> ours = ours(sc, data, partitions, a, target, cap);
            Point reached = first(ours, target);
            System.out.printf(
                    Locale.ROOT,
                    "sparknn: %s%n",
                    reached == null
                            ? String.format(
                                    Locale.ROOT,
                                    "did not reach %.2f%% within %.0f s (best %.2f%%)",
                                    100 * target,
                                    cap,
                                    100 * best(ours))
                            : String.format(
                                    Locale.ROOT,
                                    "%.2f%% after %.1f s of training (%d steps)",
                                    100 * reached.accuracy(),
                                    reached.seconds(),
                                    reached.steps()));
            if (a.integer("skip-mllib", 0) != 0) {
                return;
            }
            double[] mllib = mllib(sc, data, partitions, a.integer("mllib-chunk", 25), target, cap);
            double mllibSeconds = mllib[0];
            double mllibBest = mllib[1];
            if (mllibBest >= target) {
                System.out.printf(
                        Locale.ROOT,
                        "RESULT mllib target=%.4f sparknn_seconds=%.1f mllib_seconds=%.1f "
                                + "ratio=%.1f mllib_iterations=%.0f%n",
                        target,
                        reached == null ? Double.NaN : reached.seconds(),
                        mllibSeconds,
                        reached == null ? Double.NaN : mllibSeconds / reached.seconds(),
                        mllib[2]);
            } else {
                Point same = first(ours, mllibBest);
                System.out.printf(
                        Locale.ROOT,
                        "RESULT mllib target=%.4f mllib_best_accuracy=%.4f mllib_seconds=%.1f "
                                + "mllib_iterations=%.0f sparknn_seconds_to_mllib_best=%.1f sparknn_seconds_to_target=%.1f "
                                + "ratio=%.1f%n",
                        target,
                        mllibBest,
                        mllibSeconds,
                        mllib[2],
                        same == null ? Double.NaN : same.seconds(),
                        reached == null ? Double.NaN : reached.seconds(),
                        same == null ? Double.NaN : mllibSeconds / same.seconds());
            }
        } finally {
            sc.stop();
        }
    }

    private static Point first(List<Point> points, double accuracy) {
        return points.stream().filter(p -> p.accuracy() >= accuracy).findFirst().orElse(null);
    }

    private static double best(List<Point> points) {
        return points.stream().mapToDouble(Point::accuracy).max().orElse(0);
    }

    /** Our MLP on Spark until the target accuracy or the cap; the accuracy every few steps. */
    static List<Point> ours(JavaSparkContext sc, Mnist data, int partitions, BenchArgs a, double target, double cap) {
        Models m = Models.MLP;
        NetworkSpec spec = m.spec();
        int batch = a.integer("batch", 1024);
        double lr = a.number("lr", 0.002);
        int evalEvery = a.integer("eval-every", 10);
        ExampleBlock train = data.train();
        JavaRDD<ExampleBlock> rdd = TrainingData.cache(
                sc, ExampleBlock.split(train, ExampleBlock.evenSizes(train.n, partitions)), StorageLevel.MEMORY_ONLY());
        System.out.printf(
                Locale.ROOT,
                "sparknn MLP 784-256-128-10 ReLU, Adam lr %s, global batch %d, float32, %d partitions"
                        + ", 1 engine thread per task%n",
                lr,
                batch,
                partitions);
        List<Point> points = new ArrayList<>();
        TrainingState state;
        try (Network init = Network.create(spec, Network.Options.of(Precision.FLOAT32, 1), 1);
                Network eval = Network.create(spec, Network.Options.of(Precision.FLOAT32, 1), 1);
                SparkGradientSource source = new SparkGradientSource(sc, rdd, train.n, spec, Precision.FLOAT32, 1)) {
            state = new TrainingState(
                    init.parameters().copy(),
                    init.buffers().copy(),
                    m.recipe().optimizer().withLr(lr).create(Precision.FLOAT32, spec.paramCount()));
            TrainingLoop loop = new TrainingLoop(
                    new TrainingLoop.Settings(1000, batch, 7, 0, 0), source, s -> lr, Precision.FLOAT32);
            long[] nanos = {0};
            try {
                loop.run(state, new TrainingLoop.Listener() {
                    @Override
                    public void onStep(StepReport r, TrainingState s) {
                        nanos[0] += r.stepNanos();
                        if (s.globalStep % evalEvery != 0 && s.stepInEpoch != r.stepsPerEpoch()) {
                            return;
                        }
                        eval.setParameters(((io.sparknn.engine.FloatStorage) s.params).data);
                        Point p = new Point(
                                nanos[0] / 1e9,
                                s.globalStep,
                                new Metrics(Evaluator.score(eval, data.test()), List.of()).accuracy());
                        points.add(p);
                        System.out.printf(
                                Locale.ROOT,
                                "  sparknn step %4d (epoch %.2f): test accuracy %.2f%% after %.1f s%n",
                                p.steps(),
                                s.globalStep / (double) r.stepsPerEpoch(),
                                100 * p.accuracy(),
                                p.seconds());
                        if (p.accuracy() >= target || p.seconds() >= cap) {
                            throw new Stop();
                        }
                    }
                });
            } catch (Stop done) {
                // reached the target or the cap
            }
        } finally {
            rdd.unpersist(false);
        }
        return points;
    }

    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    /** MLlib in warm-started chunks; returns {seconds to target or at the cap, best accuracy, iterations}. */
    static double[] mllib(JavaSparkContext sc, Mnist data, int partitions, int chunk, double target, double cap) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        Dataset<Row> train = frame(spark, sc, data.train(), partitions);
        Dataset<Row> test = frame(spark, sc, data.test(), partitions);
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        System.out.printf(
                Locale.ROOT,
                "MLlib MultilayerPerceptronClassifier layers 784,256,128,10 (sigmoid hidden, softmax "
                        + "output, L-BFGS, float64, blockSize 128), %d partitions, chunks of %d iterations%n",
                partitions,
                chunk);
        Vector weights = null;
        double seconds = 0;
        double best = 0;
        double bestSeconds = 0;
        int iterations = 0;
        double lastChunk = 0;
        while (seconds + lastChunk <= cap) {
            MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier()
                    .setLayers(new int[] {784, 256, 128, 10})
                    .setSeed(1L)
                    .setMaxIter(chunk)
                    .setBlockSize(128);
            if (weights != null) {
                mlp.setInitialWeights(weights);
            }
            long t0 = System.nanoTime();
            MultilayerPerceptronClassificationModel model = mlp.fit(train);
            lastChunk = (System.nanoTime() - t0) / 1e9;
            seconds += lastChunk;
            weights = model.weights();
            iterations += model.summary().totalIterations();
            double acc = accuracy.evaluate(model.transform(test));
            if (acc > best) {
                best = acc;
                bestSeconds = seconds;
            }
            System.out.printf(
                    Locale.ROOT,
                    "  mllib %4d iterations: test accuracy %.2f%% after %.1f s%n",
                    iterations,
                    100 * acc,
                    seconds);
            if (acc >= target) {
                return new double[] {seconds, acc, iterations};
            }
        }
        System.out.printf(
                Locale.ROOT, "mllib: best %.2f%% (at %.1f s) within the %.0f s cap%n", 100 * best, bestSeconds, cap);
        return new double[] {seconds, best, iterations};
    }

    private static Dataset<Row> frame(SparkSession spark, JavaSparkContext sc, ExampleBlock b, int partitions) {
        List<Row> rows = new ArrayList<>(b.n);
        for (int i = 0; i < b.n; i++) {
            double[] x = new double[b.width];
            for (int j = 0; j < b.width; j++) {
                x[j] = b.features[i * b.width + j];
            }
            rows.add(RowFactory.create((double) b.labels[i], Vectors.dense(x)));
        }
        StructType schema =
                new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
        // checkpointed (eagerly, kept by the block manager) so that MLlib's tasks read cached
        // blocks and do not carry the rows in their partition objects, as parallelize's would
        return spark.createDataFrame(sc.parallelize(rows, partitions), schema).localCheckpoint(true);
    }
}
