package io.sparknn.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.eval.Metrics;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.train.Weights;
import io.sparknn.trainer.checkpoint.OutputFiles;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.data.DataException;
import io.sparknn.trainer.data.DistributedDataset;
import io.sparknn.trainer.data.Holdout;
import io.sparknn.trainer.data.RowSelection;
import io.sparknn.trainer.eval.SparkEvaluation;
import java.io.PrintStream;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkUserAppException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code evaluate <config.json> [--model PATH] [--data PATH] [--out DIR]}: scores a trained model on
 * labelled data (default: the config's {@code data.test}; without one, the examples of
 * {@code data.train} that the training run held out, cut again with its validation fraction and
 * seed) with the model's own preprocessing,
 * prints the metrics and confusion matrix, and writes them with the data and model they came from
 * to {@code DIR/evaluation.json} (default: {@code <output.dir>/evaluate/}, beside the training run's own).
 */
public final class Evaluate {
    static final String USAGE =
            "usage: evaluate <config.json> [--model PATH] [--data PATH [--labels PATH]] [--out DIR]";

    private Evaluate() {}

    public static void main(String[] args) throws SparkUserAppException {
        JobExit.exit(run(args, System.err));
    }

    public static int run(String[] args, PrintStream err) {
        JobArgs a;
        try {
            a = JobArgs.parse(args, Set.of("--model", "--data", "--labels", "--out"), Set.of());
            if (a.positional.size() != 1) {
                throw new JobArgs.UsageException("one config file expected");
            }
        } catch (JobArgs.UsageException e) {
            err.println("evaluate: " + e.getMessage() + "\n" + USAGE);
            return ExitCode.USAGE.code();
        }
        JobConfig[] early = new JobConfig[1];
        // a config that is not a table's fails before Spark starts when it can be read there
        String file = a.positional.get(0);
        return JobRunner.run(
                "evaluate", err, () -> early[0] = ConfigFiles.tables(ConfigFiles.readBeforeSpark(file)), spark -> {
                    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                    JobConfig cfg = early[0] != null
                            ? early[0]
                            : ConfigFiles.tables(ConfigFiles.read(file, sc.hadoopConfiguration()));
                    String dir = cfg.output().dir();
                    // before the model and the data are read: an output that can never be written fails at once
                    Path outDir = new Path(a.option("--out", dir + "/evaluate"));
                    OutputPaths.requireDirectory(
                            outDir.getFileSystem(sc.hadoopConfiguration()), outDir, "evaluation output");
                    Model model = ModelFiles.load(a.option("--model", dir + "/model.bin"), sc.hadoopConfiguration());
                    // without data.test and --data: the examples the training run held out of data.train
                    boolean heldOut = a.option("--data", cfg.table().test()) == null;
                    if (heldOut && cfg.table().validationFraction() == 0) {
                        throw DataException.of(
                                cfg.source(),
                                "no data to evaluate on: data.test is not set and "
                                        + "data.validation_fraction is 0; set one of them or pass --data");
                    }
                    String data = heldOut
                            ? cfg.table().train()
                            : a.option("--data", cfg.table().test());
                    String labels = heldOut
                            ? cfg.table().trainLabels()
                            : a.option("--labels", cfg.table().testLabels());
                    int classes = model.spec().loss().classification()
                            ? model.spec().output().last()
                            : 0;
                    int width = model.spec().input().size();
                    StorageLevel level =
                            StorageLevel.fromString(cfg.table().storageLevel().name());
                    Metrics m;
                    DistributedDataset.Partitioned examples;
                    try (DistributedDataset d = DistributedDataset.read(
                            sc,
                            cfg.table().forLocation(data),
                            data,
                            labels,
                            model.preprocessing() == null
                                    ? null
                                    : model.preprocessing().labelNames(),
                            width,
                            classes,
                            level)) {
                        Predict.checkWidth(d.layout(), model);
                        RowSelection rows = RowSelection.ALL;
                        if (heldOut) {
                            Holdout h = new Holdout(
                                    d.layout().n(),
                                    cfg.table().validationFraction(),
                                    cfg.training().seed());
                            if (h.heldOut() == 0) {
                                throw DataException.of(
                                        data,
                                        "the validation_fraction " + cfg.table().validationFraction() + " of "
                                                + d.layout().n()
                                                + " examples holds none out; set data.test or pass --data");
                            }
                            rows = h.validation();
                            data = data + " (the " + h.heldOut() + " examples its run held out: validation_fraction "
                                    + cfg.table().validationFraction() + ", seed "
                                    + cfg.training().seed() + ")";
                            System.out.println("evaluating on " + data);
                        }
                        examples = d.partition(
                                rows,
                                model.preprocessing(),
                                Math.max(sc.defaultParallelism(), d.units()),
                                false,
                                level);
                    } // the parsed rows are dropped here, the partitions are cached
                    try {
                        m = new Metrics(
                                SparkEvaluation.evaluate(sc, examples.rdd(), Weights.of(model), "evaluate " + data),
                                model.preprocessing() == null
                                        ? java.util.List.of()
                                        : model.preprocessing().labelNames());
                    } finally {
                        examples.rdd().unpersist(false);
                    }
                    System.out.println(m.report());
                    // never over the training run's own evaluation.json: a separate folder unless --out says otherwise
                    Path out = new Path(outDir, "evaluation.json");
                    java.util.Map<String, Object> report = new java.util.LinkedHashMap<>();
                    report.put("data", data);
                    report.put("model", a.option("--model", dir + "/model.bin"));
                    report.putAll(m.full());
                    OutputFiles.write(
                            out.getFileSystem(sc.hadoopConfiguration()),
                            out,
                            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
                    System.out.println("wrote " + out);
                    return ExitCode.OK;
                });
    }
}
