package io.sparknn.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.eval.EvaluationSums;
import io.sparknn.engine.eval.Metrics;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.io.Preprocessing;
import io.sparknn.engine.kernel.Blas;
import io.sparknn.engine.train.EpochPermutation;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.TrainingException;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.engine.train.Weights;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.checkpoint.CheckpointStore;
import io.sparknn.trainer.checkpoint.MetricsLog;
import io.sparknn.trainer.checkpoint.OutputFiles;
import io.sparknn.trainer.checkpoint.RunDirectory;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.data.DataException;
import io.sparknn.trainer.data.PartsLayout;
import io.sparknn.trainer.data.RowSelection;
import io.sparknn.trainer.eval.SparkEvaluation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole training run on Spark, from a checked config to a finished output directory: read
 * and scale the data, cache it in partitions, train with evaluation after each epoch, early
 * stopping and checkpoints, then write the model, metrics, evaluation, run information and
 * {@code _SUCCESS} last.
 */
public final class TrainingJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the run ended. */
    public record Outcome(RunDirectory.Start start, long steps, Metrics evaluation) {
    }

    private final JavaSparkContext sc;
    private final JobConfig cfg;
    private final boolean allowConfigChange;

    public TrainingJob(JavaSparkContext sc, JobConfig cfg, boolean allowConfigChange) {
        this.sc = sc;
        this.cfg = cfg;
        this.allowConfigChange = allowConfigChange;
    }

    public Outcome run() throws IOException {
        RunDirectory out = new RunDirectory(cfg.output().dir(), sc.hadoopConfiguration());
        CheckpointStore store = new CheckpointStore(out.fs(), out.path(), cfg.output().keep());
        RunDirectory.Start start = out.check(cfg.output().mode(), store);
        if (start == RunDirectory.Start.ALREADY_FINISHED) {
            LOG.info("{} already holds a finished run; nothing to do", out.path());
            return new Outcome(start, 0, null);
        }
        int threads = threadsPerTask();
        Checkpoint resumed = start == RunDirectory.Start.RESUME ? checkResume(store.latest(), threads) : null;
        // before the first write: a log that lost lines up to the checkpoint is refused with the directory as it was
        List<String> keptMetrics = MetricsLog.kept(out.fs(), out.path(), resumed == null ? null : resumed.metrics());

        Inputs in = inputs(resumed);
        try {
            SingleExampleShards.check(in.train().rdd(), in.train().n(), cfg.network(), cfg.training());
            // the first write: a bad config, output mode or data set (a holdout that leaves nothing to train on,
            // a value that scales beyond the float range, a batch-norm shard of one example) has failed above
            // with the directory untouched
            out.prepare(start, cfg.output().mode());
            return train(out, store, start, resumed, keptMetrics, threads, in);
        } finally {
            in.unpersist();
        }
    }

    /** The scaling and the cached training and held-out partitions (valid is null when nothing is held out). */
    private record Inputs(Preprocessing pre, List<String> labelNames, DistributedDataset.Partitioned train,
                          DistributedDataset.Partitioned valid) {
        void unpersist() {
            for (DistributedDataset.Partitioned d : new DistributedDataset.Partitioned[] {train, valid}) {
                if (d != null) {
                    d.rdd().unpersist(false);
                }
            }
        }
    }

    /**
     * Reads and checks the data on the executors, fits the scaling (unless resuming with the
     * checkpoint's), cuts the held-out examples and caches both sets in partitions; the parsed rows
     * are dropped before it returns, and nothing stays cached when it fails.
     */
    private Inputs inputs(Checkpoint resumed) {
        int width = cfg.network().input().size();
        int classes = cfg.network().loss().classification() ? cfg.network().output().last() : 0;
        StorageLevel level = StorageLevel.fromString(cfg.data().storageLevel());
        DistributedDataset train = null;
        DistributedDataset test = null;
        DistributedDataset.Partitioned trainData = null;
        try {
            train = DistributedDataset.read(sc, cfg.data(), cfg.data().train(), cfg.data().trainLabels(), null, width,
                    classes, level);
            checkFits(train.layout());
            if (cfg.data().test() != null) {
                test = DistributedDataset.read(sc, cfg.data(), cfg.data().test(), cfg.data().testLabels(),
                        train.layout().labelNames(), width, classes, level);
                checkFits(test.layout());
            }
            Holdout holdout = new Holdout(train.layout().n(), test == null ? cfg.data().validationFraction() : 0,
                    cfg.training().seed());
            if (holdout.heldOut() >= train.layout().n()) {
                throw DataException.of(train.layout().source(), "all " + train.layout().n() + " examples would be held out "
                        + "for validation (data.validation_fraction " + cfg.data().validationFraction()
                        + "): none would be left to train on");
            }
            Preprocessing pre = resumed != null ? resumed.model().preprocessing()
                    : train.fitScaling(holdout.training(), cfg.data().scaling(), cfg.data().divisor(),
                            train.layout().labelNames());
            int partitions = cfg.training().partitions() > 0 ? cfg.training().partitions() : sc.defaultParallelism();
            trainData = train.partition(holdout.training(), pre, partitions, true, level);
            DistributedDataset.Partitioned validData = test != null
                    ? test.partition(RowSelection.ALL, pre, partitions, false, level)
                    : holdout.heldOut() > 0 ? train.partition(holdout.validation(), pre, partitions, false, level) : null;
            return new Inputs(pre, train.layout().labelNames(), trainData, validData);
        } catch (RuntimeException | Error e) {
            if (trainData != null) {
                trainData.rdd().unpersist(false);
            }
            throw e;
        } finally {
            closeAll(train, test);
        }
    }

    private static void closeAll(DistributedDataset... sets) {
        for (DistributedDataset d : sets) {
            if (d != null) {
                d.close();
            }
        }
    }

    private Outcome train(RunDirectory out, CheckpointStore store, RunDirectory.Start start, Checkpoint resumed,
                          List<String> keptMetrics, int threads, Inputs in) throws IOException {
        Preprocessing pre = in.pre();
        List<String> labelNames = in.labelNames();
        DistributedDataset.Partitioned trainData = in.train();
        DistributedDataset.Partitioned validData = in.valid();
        JavaRDD<ExampleBlock> trainRdd = trainData.rdd();
        JavaRDD<ExampleBlock> validRdd = validData == null ? null : validData.rdd();
        int partitions = trainRdd.getNumPartitions();
        NetworkSpec spec = cfg.network();
        Precision precision = cfg.precision();
        RunInfo info = new RunInfo(sc.version(), sc.master(), Blas.implementationName(), Blas.openBlasThreads(), threads,
                partitions, cfg.training().seed(), trainData.n(), validData == null ? 0 : validData.n(), spec.paramCount(),
                precision.name().toLowerCase(Locale.ROOT), System.getProperty("java.version"));
        warnAboutThreads(threads);
        OutputFiles.write(out.fs(), out.file("config.resolved.json"), cfg.resolved().getBytes(StandardCharsets.UTF_8));
        OutputFiles.write(out.fs(), out.file("run-info.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(info.toMap()));
        LOG.info("output directory {}", out.fs().makeQualified(out.path()));
        LOG.info("training {} examples ({} held out) in {} partitions, {} thread(s) per task, BLAS {}, OPENBLAS_NUM_THREADS={}\n{}",
                trainData.n(), info.validationExamples(), partitions, threads, info.blas(), info.openBlasThreads(), spec.summary());

        TrainingState state = initialState(spec, precision, resumed);
        try (MetricsLog metrics = MetricsLog.open(out.fs(), out.path(), resumed == null ? null : resumed.metrics(),
                keptMetrics);
             GradientSource source = new SparkGradientSource(sc, trainRdd, trainData.n(), spec, precision, threads,
                cfg.training().aggregationDepth())) {
            long total = (long) cfg.training().epochs() * EpochPermutation.stepsPerEpoch(trainData.n(), cfg.training().batchSize());
            if (cfg.training().maxSteps() > 0) {
                total = Math.min(total, cfg.training().maxSteps());
            }
            TrainingLoop loop = new TrainingLoop(new TrainingLoop.Settings(cfg.training().epochs(), cfg.training().batchSize(),
                    cfg.training().seed(), cfg.training().clipNorm(), cfg.training().maxSteps()), source,
                    LearningRate.of(cfg.optimizer().lr(), cfg.training(), cfg.schedule()), precision);
            Progress progress = new Progress(this, out, store, metrics, pre, validRdd, labelNames, threads, total,
                    resumed != null ? resumed.best() : null);
            try {
                loop.run(state, progress);
            } catch (TrainingException e) {
                metrics.finish();
                throw e;
            }
            Model finalModel = progress.finalModel(state);
            Metrics evaluation = validRdd == null ? null : evaluate(validRdd, finalModel, labelNames, "final evaluation");
            progress.checkpoint(state);
            writeModel(out, finalModel);
            if (evaluation != null) {
                Map<String, Object> report = evaluation.full();
                if (cfg.training().patience() > 0 && state.bestEpoch >= 0) {
                    report.put("best_epoch", state.bestEpoch + 1); // the epoch whose model was evaluated and written
                }
                OutputFiles.write(out.fs(), out.file("evaluation.json"),
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
                LOG.info("final evaluation on {} held-out examples: {}", evaluation.examples(), evaluation.summary());
            }
            metrics.finish();
            out.markSuccess();
            return new Outcome(start, state.globalStep, evaluation);
        }
    }

    private static void writeModel(RunDirectory out, Model m) throws IOException {
        OutputFiles.write(out.fs(), out.file("model.bin"), o -> ModelFile.write(m, o));
    }

    /** Engine threads per Spark task: {@code threads_per_task}, or {@code spark.task.cpus} when it is 0. */
    private int threadsPerTask() {
        return cfg.training().threadsPerTask() > 0 ? cfg.training().threadsPerTask()
                : sc.getConf().getInt("spark.task.cpus", 1);
    }

    private Checkpoint checkResume(Checkpoint c, int threads) {
        if (c == null) {
            throw new ResumeRefusedException("no committed checkpoint to resume from");
        }
        List<String> changed = ConfigDifference.changedKeys(c.config(), cfg.resolved());
        if (!changed.isEmpty() && !allowConfigChange) {
            throw new ResumeRefusedException("refusing to resume " + cfg.output().dir() + ": " + cfg.source()
                    + " changed since its checkpoint (" + String.join(", ", changed)
                    + "); restore it, or pass --allow-config-change");
        }
        String warning = ResumeWarning.of(c, Blas.implementationName(), Blas.openBlasThreads(), threads,
                "threads_per_task, or spark.task.cpus when it is 0");
        if (warning != null) {
            LOG.warn(warning);
        }
        LOG.info("resuming from step {} (epoch {}, step {} of the epoch)", c.globalStep(), c.epoch() + 1, c.stepInEpoch() + 1);
        return c;
    }

    private TrainingState initialState(NetworkSpec spec, Precision precision, Checkpoint resumed) {
        if (resumed == null) {
            try (Network net = Network.create(spec, Network.Options.of(precision, 1), cfg.training().seed())) {
                return new TrainingState(net.parameters().copy(), net.buffers().copy(),
                        cfg.optimizer().create(precision, spec.paramCount()));
            }
        }
        Model m = resumed.model();
        TrainingState s = new TrainingState(Storage.of(precision, m.parameters()), Storage.of(precision, m.buffers()),
                cfg.optimizer().create(precision, spec.paramCount()));
        s.optimizer.restore(m.optimizerState());
        s.epoch = resumed.epoch();
        s.stepInEpoch = resumed.stepInEpoch();
        s.globalStep = resumed.globalStep();
        s.bestScore = resumed.bestScore();
        s.epochsWithoutImprovement = resumed.epochsWithoutImprovement();
        s.bestEpoch = resumed.bestEpoch();
        return s;
    }

    /** The data's width and labels fit the network, or an error naming the file. */
    private void checkFits(PartsLayout d) {
        int width = cfg.network().input().size();
        if (d.width() != width) {
            throw DataException.of(d.source(), "examples have " + d.width() + " features, but the network takes "
                    + width + (cfg.network().input().rank() > 1 ? " (input " + cfg.network().input() + ")" : ""));
        }
        int outputs = cfg.network().output().last();
        if (cfg.network().loss().classification() && d.classes() > outputs) {
            throw DataException.of(d.source(), "the data has " + d.classes() + " classes"
                    + (d.labelNames().isEmpty() ? "" : " " + d.labelNames()) + ", but the network's output has " + outputs
                    + " (layer " + cfg.network().layers().size() + ")");
        }
    }

    private void warnAboutThreads(int threads) {
        String env = Blas.openBlasThreads();
        if (Blas.implementationName().equals("JNIBLAS") && !env.equals("1") && sc.defaultParallelism() > 1) {
            LOG.warn("OPENBLAS_NUM_THREADS is {} while {} tasks run at once with {} engine thread(s) each: OpenBLAS's own "
                    + "threads will oversubscribe the cores. Set it to 1 (spark.executorEnv.OPENBLAS_NUM_THREADS=1 on a "
                    + "cluster; bin/sparknn does it in local mode)", env, sc.defaultParallelism(), threads);
        }
    }

    Metrics evaluate(JavaRDD<ExampleBlock> data, Model m, List<String> labelNames, String description) {
        EvaluationSums sums = SparkEvaluation.evaluate(sc, data, Weights.of(m), description);
        return new Metrics(sums, labelNames);
    }

    JobConfig config() {
        return cfg;
    }

    static ObjectNode metricLine() {
        return JSON.createObjectNode();
    }

    static String toLine(ObjectNode n) {
        try {
            return JSON.writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
