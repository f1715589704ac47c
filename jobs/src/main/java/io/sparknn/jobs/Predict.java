package io.sparknn.jobs;

import io.sparknn.engine.Network;
import io.sparknn.engine.Storage;
import io.sparknn.engine.eval.Evaluator;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.Predictor;
import io.sparknn.engine.train.Weights;
import io.sparknn.trainer.checkpoint.OutputDirectoryException;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.data.DataException;
import io.sparknn.trainer.data.DistributedDataset;
import io.sparknn.trainer.data.PartsLayout;
import io.sparknn.trainer.data.RowSelection;
import io.sparknn.trainer.spark.NetworkCache;
import io.sparknn.trainer.spark.SparkStep;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkUserAppException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code predict <config.json> --input PATH --output DIR [--model PATH] [--overwrite]}: applies a
 * trained model, with the preprocessing it learnt, to raw data in the config's format (a label
 * column, if present, is ignored), and writes one line per input row, in input order, as a
 * distributed text output: for classification the predicted class (its name when the model has
 * label names) then the class probabilities; for regression the predicted values.
 */
public final class Predict {
    static final String USAGE = "usage: predict <config.json> --input PATH --output DIR [--model PATH] [--overwrite]";

    private Predict() {}

    public static void main(String[] args) throws SparkUserAppException {
        JobExit.exit(run(args, System.err));
    }

    public static int run(String[] args, PrintStream err) {
        JobArgs a;
        try {
            a = JobArgs.parse(args, Set.of("--model", "--input", "--output"), Set.of("--overwrite"));
            if (a.positional.size() != 1 || !a.options.containsKey("--input") || !a.options.containsKey("--output")) {
                throw new JobArgs.UsageException("a config file, --input and --output are required");
            }
        } catch (JobArgs.UsageException e) {
            err.println("predict: " + e.getMessage() + "\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        JobConfig[] early = new JobConfig[1];
        // a config that is not a table's fails before Spark starts when it can be read there
        String file = a.positional.get(0);
        return JobRunner.run(
                "predict", err, () -> early[0] = ConfigFiles.tables(ConfigFiles.readBeforeSpark(file)), spark -> {
                    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                    JobConfig cfg = early[0] != null
                            ? early[0]
                            : ConfigFiles.tables(ConfigFiles.read(file, sc.hadoopConfiguration()));
                    // before the model and the input are read: an output that can never be written fails at once
                    Path output = new Path(a.option("--output", null));
                    FileSystem fs = output.getFileSystem(sc.hadoopConfiguration());
                    OutputPaths.requireDirectory(fs, output, "prediction output");
                    if (fs.exists(output) && !a.flag("--overwrite")) {
                        throw new OutputDirectoryException(
                                "prediction output " + output + " already exists; pass --overwrite " + "to replace it");
                    }
                    OutputPaths.requireTextOutput(fs, output, "prediction output");
                    Model model = ModelFiles.load(
                            a.option("--model", cfg.output().dir() + "/model.bin"), sc.hadoopConfiguration());
                    String input = a.option("--input", null);
                    int width = model.spec().input().size();
                    StorageLevel level =
                            StorageLevel.fromString(cfg.table().storageLevel().name());
                    DistributedDataset.Partitioned rows;
                    try (DistributedDataset d = DistributedDataset.readUnlabelled(
                            sc, cfg.table().forLocation(input), input, width, level)) {
                        checkWidth(d.layout(), model);
                        rows = d.partition(
                                RowSelection.ALL,
                                model.preprocessing(),
                                Math.max(sc.defaultParallelism(), d.units()),
                                false,
                                level);
                    } // the parsed rows are dropped here, the partitions are cached
                    long n = rows.n();
                    try {
                        write(sc, model, rows.rdd(), fs, output, input);
                    } finally {
                        rows.rdd().unpersist(false);
                    }
                    System.out.println("wrote " + n + " predictions to " + output);
                    return ExitCode.OK;
                });
    }

    /**
     * One line per row, in row order, written beside the output and moved over it at the end: a
     * failed write keeps the old predictions.
     */
    private static void write(
            JavaSparkContext sc, Model model, JavaRDD<ExampleBlock> rdd, FileSystem fs, Path output, String input)
            throws java.io.IOException {
        LossKind loss = model.spec().loss();
        List<String> names = model.preprocessing() == null
                ? List.of()
                : model.preprocessing().labelNames();
        Path staging = new Path(
                fs.makeQualified(output).getParent(),
                "." + output.getName() + ".writing-" + Long.toHexString(System.nanoTime()));
        try (SparkStep<Weights> step = SparkStep.broadcast(sc, Weights.of(model))) {
            var weights = step.value();
            sc.setJobDescription("predict " + input);
            rdd.mapPartitions(it -> lines(weights.value(), loss, names, it).iterator())
                    .saveAsTextFile(staging.toString());
            if (fs.exists(output)) {
                fs.delete(output, true);
            }
            if (!fs.rename(staging, output)) {
                throw new java.io.IOException("cannot move " + staging + " to " + output);
            }
        } finally {
            if (fs.exists(staging)) {
                fs.delete(staging, true);
            }
        }
    }

    /** The data's width is the model's input width, or an error naming the data. */
    static void checkWidth(PartsLayout data, Model model) {
        int width = model.spec().input().size();
        if (data.width() != width) {
            throw DataException.of(
                    data.source(),
                    "rows have " + data.width() + " features, but the model takes " + width
                            + (model.spec().input().rank() > 1
                                    ? " (input " + model.spec().input() + ")"
                                    : ""));
        }
    }

    /** The output lines of a partition's blocks, in row order. */
    static List<String> lines(Weights w, LossKind loss, List<String> names, java.util.Iterator<ExampleBlock> it) {
        List<String> out = new ArrayList<>();
        if (!it.hasNext()) {
            return out;
        }
        Network net = NetworkCache.borrow(w, 1);
        try {
            int k = net.spec().output().size();
            while (it.hasNext()) {
                ExampleBlock b = it.next();
                for (int from = 0; from < b.n; from += 512) {
                    int n = Math.min(512, b.n - from);
                    Storage x = Storage.allocate(net.precision(), n * b.width);
                    x.copyFrom(b.features, from * b.width, 0, n * b.width);
                    Storage y = net.predict(x, n);
                    for (int i = 0; i < n; i++) {
                        out.add(line(y, i * k, k, loss, names));
                    }
                }
            }
        } finally {
            NetworkCache.giveBack(net);
        }
        return out;
    }

    static String line(Storage y, int off, int k, LossKind loss, List<String> names) {
        double[] v = Predictor.outputs(loss, y, off, k);
        StringBuilder b = new StringBuilder();
        if (loss == LossKind.SOFTMAX_CROSS_ENTROPY) {
            int arg = Evaluator.argmax(y, off, k);
            b.append(arg < names.size() ? names.get(arg) : Integer.toString(arg))
                    .append(',');
        }
        for (int j = 0; j < k; j++) {
            b.append(j > 0 ? "," : "").append(String.format(Locale.ROOT, "%.6g", v[j]));
        }
        return b.toString();
    }
}
