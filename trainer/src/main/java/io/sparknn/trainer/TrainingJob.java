package io.sparknn.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.io.Preprocessing;
import io.sparknn.engine.kernel.Blas;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.checkpoint.CheckpointStore;
import io.sparknn.trainer.checkpoint.OutputFiles;
import io.sparknn.trainer.checkpoint.RunDirectory;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.data.DataException;
import io.sparknn.trainer.data.Dataset;
import io.sparknn.trainer.data.DatasetReader;
import io.sparknn.trainer.data.ExampleBlock;
import io.sparknn.trainer.data.Scaling;
import io.sparknn.trainer.eval.EvaluationSums;
import io.sparknn.trainer.eval.Metrics;
import io.sparknn.trainer.eval.SparkEvaluation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

        int width = cfg.network().input().size();
        int classes = cfg.network().loss().classification() ? cfg.network().output().last() : 0;
        Dataset train = DatasetReader.read(cfg.data(), cfg.data().train(), cfg.data().trainLabels(), sc.hadoopConfiguration(),
                null, width, classes);
        checkFits(train);
        Dataset test = cfg.data().test() == null ? null
                : DatasetReader.read(cfg.data(), cfg.data().test(), cfg.data().testLabels(), sc.hadoopConfiguration(),
                        train.labelNames(), width, classes);
        if (test != null) {
            checkFits(test);
        }
        // the first write: a bad config, output mode or data set has failed above with the directory untouched
        out.prepare(start, cfg.output().mode());
        ExampleBlock[] split = test == null ? holdOut(train.examples()) : new ExampleBlock[] {train.examples(), test.examples()};
        Preprocessing pre = resumed != null ? resumed.model().preprocessing()
                : Scaling.fit(split[0], cfg.data().scaling(), cfg.data().divisor(), train.labelNames());
        ExampleBlock trainBlock = renumber(scaled(split[0], pre, train.source()));
        ExampleBlock validBlock = split[1] == null ? null : scaled(split[1], pre, test == null ? train.source() : test.source());

        int partitions = cfg.training().partitions() > 0 ? cfg.training().partitions() : sc.defaultParallelism();
        partitions = Math.max(1, Math.min(partitions, trainBlock.n));
        StorageLevel level = StorageLevel.fromString(cfg.data().storageLevel());
        JavaRDD<ExampleBlock> trainRdd = TrainingData.cache(sc,
                TrainingData.split(trainBlock, TrainingData.evenSizes(trainBlock.n, partitions)), level);
        JavaRDD<ExampleBlock> validRdd = validBlock == null || validBlock.n == 0 ? null : TrainingData.cache(sc,
                TrainingData.split(validBlock, TrainingData.evenSizes(validBlock.n, Math.min(partitions, validBlock.n))),
                level);

        NetworkSpec spec = cfg.network();
        Precision precision = cfg.precision();
        RunInfo info = new RunInfo(sc.version(), sc.master(), Blas.implementationName(), Blas.openBlasThreads(), threads,
                partitions, cfg.training().seed(), trainBlock.n, validBlock == null ? 0 : validBlock.n, spec.paramCount(),
                precision.name().toLowerCase(Locale.ROOT), System.getProperty("java.version"));
        warnAboutThreads(threads);
        OutputFiles.write(out.fs(), out.file("config.resolved.json"), cfg.resolved().getBytes(StandardCharsets.UTF_8));
        OutputFiles.write(out.fs(), out.file("run-info.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(info.toMap()));
        LOG.info("output directory {}", out.fs().makeQualified(out.path()));
        LOG.info("training {} examples ({} held out) in {} partitions, {} thread(s) per task, BLAS {}, OPENBLAS_NUM_THREADS={}\n{}",
                trainBlock.n, info.validationExamples(), partitions, threads, info.blas(), info.openBlasThreads(), spec.summary());

        TrainingState state = initialState(spec, precision, resumed);
        List<String> metrics = new ArrayList<>(resumed != null ? resumed.metrics() : List.of());
        try (GradientSource source = new SparkGradientSource(sc, trainRdd, trainBlock.n, spec, precision, threads,
                cfg.training().aggregationDepth())) {
            long total = (long) cfg.training().epochs() * EpochPermutation.stepsPerEpoch(trainBlock.n, cfg.training().batchSize());
            if (cfg.training().maxSteps() > 0) {
                total = Math.min(total, cfg.training().maxSteps());
            }
            TrainingLoop loop = new TrainingLoop(new TrainingLoop.Settings(cfg.training().epochs(), cfg.training().batchSize(),
                    cfg.training().seed(), cfg.training().clipNorm(), cfg.training().maxSteps()), source,
                    LearningRate.of(cfg.optimizer().lr(), cfg.training(), cfg.schedule()), precision);
            Progress progress = new Progress(this, out, store, metrics, pre, validRdd, train.labelNames(), threads, total,
                    resumed != null ? resumed.best() : null);
            try {
                loop.run(state, progress);
            } catch (TrainingException e) {
                progress.writeMetrics();
                throw e;
            }
            Model finalModel = progress.finalModel(state);
            Metrics evaluation = validRdd == null ? null : evaluate(validRdd, finalModel, train.labelNames(), "final evaluation");
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
            progress.writeMetrics();
            out.markSuccess();
            return new Outcome(start, state.globalStep, evaluation);
        } finally {
            trainRdd.unpersist(false);
            if (validRdd != null) {
                validRdd.unpersist(false);
            }
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
    private void checkFits(Dataset d) {
        int width = cfg.network().input().size();
        if (d.examples().width != width) {
            throw DataException.of(d.source(), "examples have " + d.examples().width + " features, but the network takes "
                    + width + (cfg.network().input().rank() > 1 ? " (input " + cfg.network().input() + ")" : ""));
        }
        int outputs = cfg.network().output().last();
        if (cfg.network().loss().classification() && d.classes() > outputs) {
            throw DataException.of(d.source(), "the data has " + d.classes() + " classes"
                    + (d.labelNames().isEmpty() ? "" : " " + d.labelNames()) + ", but the network's output has " + outputs
                    + " (layer " + cfg.network().layers().size() + ")");
        }
    }

    /** Training and validation blocks: a seeded shuffle holds out the configured fraction. */
    private ExampleBlock[] holdOut(ExampleBlock all) {
        return holdOut(all, cfg.data().validationFraction(), cfg.training().seed());
    }

    /**
     * The training data cut into {training rows, held-out rows} as a run with this validation
     * fraction and seed cuts it (the held-out block is null when the fraction rounds to no
     * example), so that evaluate can score a model on exactly the examples its run held out.
     */
    public static ExampleBlock[] holdOut(ExampleBlock all, double validationFraction, long seed) {
        int valid = (int) Math.round(all.n * validationFraction);
        if (valid == 0) {
            return new ExampleBlock[] {all, null};
        }
        EpochPermutation p = new EpochPermutation(all.n, seed ^ 0x76616C6964L, 0);
        int[] trainRows = new int[all.n - valid];
        int[] validRows = new int[valid];
        int t = 0;
        int v = 0;
        for (int i = 0; i < all.n; i++) {
            if (p.position(i) < valid) {
                validRows[v++] = i;
            } else {
                trainRows[t++] = i;
            }
        }
        return new ExampleBlock[] {TrainingData.rows(all, trainRows), TrainingData.rows(all, validRows)};
    }

    private static ExampleBlock scaled(ExampleBlock b, Preprocessing pre, String source) {
        return Scaling.apply(pre, b, source);
    }

    /** Ids 0..n−1 for the training set, so the epoch permutation covers exactly its examples. */
    private static ExampleBlock renumber(ExampleBlock b) {
        long[] ids = new long[b.n];
        for (int i = 0; i < b.n; i++) {
            ids[i] = i;
        }
        return new ExampleBlock(b.n, b.width, b.features, ids, b.labels, b.targets, b.targetWidth, b.targetRowsPerExample);
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
        EvaluationSums sums = SparkEvaluation.evaluate(sc, data, m.spec(), m.precision(), m.parameters(), m.buffers(),
                description);
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
