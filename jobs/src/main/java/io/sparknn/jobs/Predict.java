package io.sparknn.jobs;

import io.sparknn.engine.Network;
import io.sparknn.engine.Storage;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.trainer.TrainingData;
import io.sparknn.trainer.checkpoint.OutputDirectoryException;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.data.DataException;
import io.sparknn.trainer.data.Dataset;
import io.sparknn.trainer.data.DatasetReader;
import io.sparknn.trainer.data.ExampleBlock;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * {@code predict <config.json> --input PATH --output DIR [--model PATH] [--overwrite]}: applies a
 * trained model, with the preprocessing it learnt, to raw data in the config's format (a label
 * column, if present, is ignored), and writes one line per input row, in input order, as a
 * distributed text output: for classification the predicted class (its name when the model has
 * label names) then the class probabilities; for regression the predicted values.
 */
public final class Predict {
    static final String USAGE = "usage: predict <config.json> --input PATH --output DIR [--model PATH] [--overwrite]";

    private Predict() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.err));
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
        return JobRunner.run("predict", err, spark -> {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            JobConfig cfg = ConfigFiles.read(a.positional.get(0), sc.hadoopConfiguration());
            Model model = ModelFiles.load(a.option("--model", cfg.output().dir() + "/model.bin"), sc.hadoopConfiguration());
            Path output = new Path(a.option("--output", null));
            FileSystem fs = output.getFileSystem(sc.hadoopConfiguration());
            if (fs.exists(output) && !a.flag("--overwrite")) {
                throw new OutputDirectoryException("prediction output " + output + " already exists; pass --overwrite "
                        + "to replace it");
            }
            OutputPaths.requireCreatable(fs, output, "prediction output");
            OutputPaths.requireTextOutput(fs, output, "prediction output");
            String input = a.option("--input", null);
            Dataset d = DatasetReader.readUnlabelled(cfg.data().forLocation(input), input, sc.hadoopConfiguration(),
                    model.spec().input().size());
            ExampleBlock block = prepared(d.examples(), model, d.source());
            int parts = Math.max(1, Math.min(block.n, sc.defaultParallelism()));
            // the model travels as its file bytes: plain data, whatever serializer Spark uses
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            io.sparknn.engine.io.ModelFile.write(model, bytes);
            Broadcast<byte[]> bc = sc.broadcast(bytes.toByteArray());
            sc.setJobDescription("predict " + a.option("--input", null));
            JavaRDD<ExampleBlock> rdd = sc.parallelize(TrainingData.split(block, TrainingData.evenSizes(block.n, parts)), parts);
            // written beside the output and moved over it at the end: a failed write keeps the old predictions
            Path staging = new Path(fs.makeQualified(output).getParent(), "." + output.getName() + ".writing-"
                    + Long.toHexString(System.nanoTime()));
            try {
                rdd.mapPartitions(it -> lines(io.sparknn.engine.io.ModelFile.read(new java.io.ByteArrayInputStream(bc.value()),
                        "broadcast model"), it).iterator()).saveAsTextFile(staging.toString());
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
                bc.destroy();
            }
            System.out.println("wrote " + block.n + " predictions to " + output);
            return ExitCode.OK;
        });
    }

    /** The block with the model's preprocessing applied, after checking its width. */
    static ExampleBlock prepared(ExampleBlock b, Model model, String source) {
        int width = model.spec().input().size();
        if (b.width != width) {
            throw DataException.of(source, "rows have " + b.width + " features, but the model takes " + width
                    + (model.spec().input().rank() > 1 ? " (input " + model.spec().input() + ")" : ""));
        }
        return io.sparknn.trainer.data.Scaling.apply(model.preprocessing(), b, source);
    }

    static List<String> lines(Model model, java.util.Iterator<ExampleBlock> it) {
        List<String> out = new ArrayList<>();
        try (Network net = model.toNetwork(Network.Options.of(model.precision(), 1))) {
            LossKind loss = model.spec().loss();
            List<String> names = model.preprocessing() == null ? List.of() : model.preprocessing().labelNames();
            int k = model.spec().output().size();
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
        }
        return out;
    }

    static String line(Storage y, int off, int k, LossKind loss, List<String> names) {
        StringBuilder b = new StringBuilder();
        if (loss == LossKind.SOFTMAX_CROSS_ENTROPY) {
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int j = 0; j < k; j++) {
                if (y.get(off + j) > max) {
                    max = y.get(off + j);
                    arg = j;
                }
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(y.get(off + j) - max);
            }
            b.append(arg < names.size() ? names.get(arg) : Integer.toString(arg));
            for (int j = 0; j < k; j++) {
                b.append(',').append(String.format(Locale.ROOT, "%.6g", Math.exp(y.get(off + j) - max) / sum));
            }
            return b.toString();
        }
        for (int j = 0; j < k; j++) {
            double v = y.get(off + j);
            if (loss == LossKind.BCE_WITH_LOGITS) {
                v = 1 / (1 + Math.exp(-v));
            }
            b.append(j > 0 ? "," : "").append(String.format(Locale.ROOT, "%.6g", v));
        }
        return b.toString();
    }
}
