package io.sparknn.bench;

import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.trainer.data.IdxReader;
import io.sparknn.trainer.ml.NeuralNetClassificationModel;
import io.sparknn.trainer.ml.NeuralNetClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark ML pipeline comparison (issue 30): MNIST as Parquet (a {@code features} ml {@code
 * Vector} of the pixels / 255 as doubles, a double {@code label}), written once into {@code
 * --work}; then, on the DataFrame read back from it, our {@link NeuralNetClassifier} (784-256-128-10
 * ReLU, Adam as in conf/mnist-mlp.json: lr 0.001, batch 128, float32, {@code --epochs} epochs) and
 * MLlib's {@code MultilayerPerceptronClassifier} (layers 784, 256, 128, 10: sigmoid hidden layers,
 * softmax output, L-BFGS, float64, blockSize 128, {@code --max-iter} iterations, its default 100),
 * both {@code fit} on the same frame in the same SparkContext; MLlib also with maxIter = our
 * epochs (each L-BFGS iteration reads the whole training set at least once: equal passes). Arms
 * alternate, their order reversed every other round (ABBA), so a busy phase of the machine falls
 * on all of them; each round uses seed = round for every arm. The clock is the {@code fit} call alone (reading the Parquet rows included, as both
 * estimators read their input there); test accuracy is MLlib's {@code
 * MulticlassClassificationEvaluator} on the 10,000 test images read from Parquet.
 *
 * <pre>
 * java &lt;module options&gt; -cp bench/target/sparknn-bench.jar:$(cat bench/target/spark-classpath.txt) \
 *     io.sparknn.bench.EstimatorBench [--master local[2]] [--partitions 2] [--rounds 2] [--epochs 5]
 *     [--max-iter 100] [--work target/bench/mnist-parquet] [--data DIR]
 * </pre>
 */
public final class EstimatorBench {
    private EstimatorBench() {}

    /** One fit: its wall time, test accuracy and how many passes (epochs or L-BFGS iterations) it made. */
    record Fit(double seconds, double accuracy, long passes) {}

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, "master partitions rounds epochs max-iter work");
        String master = a.string("master", "local[2]");
        int rounds = a.integer("rounds", 2);
        int epochs = a.integer("epochs", 5);
        int maxIter = a.integer("max-iter", 100);
        Path work = Path.of(a.string("work", "target/bench/mnist-parquet"));
        JavaSparkContext sc = LocalSpark.start(master, "sparknn estimator vs MLlib");
        try {
            SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
            int partitions = a.integer("partitions", sc.defaultParallelism());
            String train = parquet(spark, a.data(), "train", work);
            String test = parquet(spark, a.data(), "t10k", work);
            Dataset<Row> trainRows = spark.read().parquet(train);
            Dataset<Row> testRows = spark.read().parquet(test);
            System.out.println(Environment.describe(
                    "estimator comparison (" + master + ", " + partitions + " partitions for ours; the Parquet "
                            + "frame has " + trainRows.rdd().getNumPartitions() + ")",
                    1));
            System.out.printf(
                    Locale.ROOT,
                    "sparknn NeuralNetClassifier 784-256-128-10 ReLU, Adam lr 0.001, batch 128, float32, %d epochs;"
                            + " MLlib MultilayerPerceptronClassifier layers 784,256,128,10 (sigmoid hidden, softmax "
                            + "output), L-BFGS, float64, blockSize 128, maxIter %d (and %d); %d rounds, the arms' order "
                            + "reversed every other round%n",
                    epochs,
                    maxIter,
                    epochs,
                    rounds);
            // the arms by name; MLlib also at as many L-BFGS iterations as our epochs (each iteration
            // reads the whole training set at least once), when that differs from --max-iter
            Map<String, IntFunction<Fit>> arms = new LinkedHashMap<>();
            arms.put("sparknn", seed -> ours(trainRows, testRows, epochs, partitions, seed));
            arms.put("mllib", seed -> mllib(trainRows, testRows, maxIter, seed));
            if (epochs != maxIter) {
                arms.put("mllib-" + epochs, seed -> mllib(trainRows, testRows, epochs, seed));
            }
            Map<String, List<Fit>> fits = new LinkedHashMap<>();
            for (int r = 1; r <= rounds; r++) {
                List<String> order = new ArrayList<>(arms.keySet());
                if (r % 2 == 0) {
                    Collections.reverse(order);
                }
                for (String name : order) {
                    Fit f = arms.get(name).apply(r);
                    fits.computeIfAbsent(name, k -> new ArrayList<>()).add(f);
                    System.out.printf(
                            Locale.ROOT,
                            "  round %d %-9s fit %6.1f s, %3d %s, test accuracy %.2f%% (load %s)%n",
                            r,
                            name,
                            f.seconds(),
                            f.passes(),
                            name.equals("sparknn") ? "epochs" : "L-BFGS iterations",
                            100 * f.accuracy(),
                            load());
                    System.out.printf(
                            Locale.ROOT,
                            "RESULT estimator arm=%s round=%d fit_seconds=%.2f accuracy=%.4f passes=%d%n",
                            name,
                            r,
                            f.seconds(),
                            f.accuracy(),
                            f.passes());
                }
            }
            double oursSeconds = median(fits.get("sparknn"), Fit::seconds);
            for (String name : arms.keySet()) {
                List<Fit> f = fits.get(name);
                System.out.printf(
                        Locale.ROOT,
                        "estimator median of %d rounds: %-9s fit %6.1f s (%.2f× ours), test accuracy %.2f%%%n",
                        rounds,
                        name,
                        median(f, Fit::seconds),
                        median(f, Fit::seconds) / oursSeconds,
                        100 * median(f, Fit::accuracy));
            }
        } finally {
            sc.stop();
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static double median(List<Fit> fits, java.util.function.ToDoubleFunction<Fit> f) {
        double[] v = fits.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static double accuracy(Dataset<Row> scored) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
    }

    static Fit ours(Dataset<Row> train, Dataset<Row> test, int epochs, int partitions, int seed) {
        NeuralNetClassifier nn = new NeuralNetClassifier()
                .setNetwork(
                        "{\"input\": [784], \"layers\": [{\"type\": \"dense\", \"units\": 256}, {\"type\": \"relu\"}, "
                                + "{\"type\": \"dense\", \"units\": 128}, {\"type\": \"relu\"}, {\"type\": \"dense\", \"units\": 10}],"
                                + " \"loss\": \"softmax_cross_entropy\"}")
                .setOptimizer("{\"type\": \"adam\", \"lr\": 0.001}")
                .setBatchSize(128)
                .setEpochs(epochs)
                .setSeed(seed)
                .setPartitions(partitions);
        long t0 = System.nanoTime();
        NeuralNetClassificationModel model = nn.fit(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Fit(seconds, accuracy(model.transform(test)), epochs);
    }

    static Fit mllib(Dataset<Row> train, Dataset<Row> test, int maxIter, int seed) {
        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier()
                .setLayers(new int[] {784, 256, 128, 10})
                .setSeed(seed)
                .setMaxIter(maxIter)
                .setBlockSize(128);
        long t0 = System.nanoTime();
        MultilayerPerceptronClassificationModel model = mlp.fit(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Fit(seconds, accuracy(model.transform(test)), model.summary().totalIterations());
    }

    /**
     * MNIST's {@code prefix} images and labels as Parquet under {@code work} (written once: an
     * existing complete copy is reused), 10,000 rows a file in the IDX files' order (a frame read
     * back lists the files in Spark's order); its path.
     */
    static String parquet(SparkSession spark, String dataDir, String prefix, Path work) throws IOException {
        Path out = work.resolve(prefix + ".parquet");
        if (Files.isRegularFile(out.resolve("_SUCCESS"))) {
            return out.toString();
        }
        Path images = Path.of(dataDir, prefix + "-images-idx3-ubyte.gz");
        Path labels = Path.of(dataDir, prefix + "-labels-idx1-ubyte.gz");
        ExampleBlock b;
        try (InputStream x = Files.newInputStream(images);
                InputStream y = Files.newInputStream(labels)) {
            b = IdxReader.read(x, images.toString(), y, labels.toString()).toBlock(0);
        }
        StructType schema =
                new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
        Path parts = work.resolve(prefix + ".parts");
        int chunk = 10_000;
        for (int start = 0; start < b.n; start += chunk) {
            List<Row> rows = new ArrayList<>();
            for (int i = start; i < Math.min(b.n, start + chunk); i++) {
                double[] x = new double[b.width];
                for (int j = 0; j < b.width; j++) {
                    x[j] = b.features[i * b.width + j] / 255.0;
                }
                rows.add(RowFactory.create(Vectors.dense(x), (double) b.labels[i]));
            }
            // one file per chunk (a task per chunk stays well under Spark's message size)
            spark.createDataFrame(rows, schema)
                    .coalesce(1)
                    .write()
                    .mode(start == 0 ? SaveMode.Overwrite : SaveMode.Append)
                    .parquet(parts.toString());
        }
        if (Files.exists(out)) {
            try (var s = Files.walk(out)) {
                s.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        // complete (the last write's _SUCCESS inside): in place at once
        Files.move(parts, out);
        System.out.printf(Locale.ROOT, "wrote %s: %d rows in %d files%n", out, b.n, (b.n + chunk - 1) / chunk);
        return out.toString();
    }
}
