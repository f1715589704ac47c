package io.sparknn.trainer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.eval.Metrics;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.kernel.Blas;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.engine.train.TrainingException;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.checkpoint.CheckpointStore;
import io.sparknn.trainer.checkpoint.MetricsLog;
import io.sparknn.trainer.checkpoint.OutputFiles;
import io.sparknn.trainer.checkpoint.RunDirectory;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.config.TextData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole training run, from a checked config to a finished output directory, for every task
 * ({@link RunTask}: a table of examples or a text): decide from {@code output.mode} how the
 * directory is used ({@link RunDirectory}), check a resume against its checkpoint
 * ({@link ResumeCheck}), read and check the data, and only then write: the resolved config,
 * {@code run-info.json} and the task's start files, then train ({@link TrainingLoop}) with its
 * listeners in order ({@link StepLog}: step lines and progress; {@link Scoring}: the task's scores
 * and early stopping; {@link Checkpointing}; then any added with {@link #observedBy}), and write
 * {@code model.bin}, {@code evaluation.json} (held-out rows), {@code report.html} ({@link RunReport},
 * also when training fails) and {@code _SUCCESS} last. Every file
 * but the metrics log is written under a temporary name and renamed into place ({@link OutputFiles});
 * the metrics log costs O(1) per line ({@link MetricsLog}).
 *
 * <p>A resume continues bit for bit as if the run had not stopped, given the same settings, BLAS
 * and thread counts: the checkpoint holds the model with its optimizer state, the position, the
 * early-stopping state and best model, the number of metrics lines, the resolved config, the BLAS
 * and thread counts and, for stateful text training, the carried state of every stream.
 */
public final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the run ended. */
    public record Outcome(RunDirectory.Start start, long steps, Metrics evaluation) {}

    private final Compute compute;
    private final JobConfig cfg;
    private final boolean allowConfigChange;
    private Consumer<NetworkSpec> checkNetwork = spec -> {};
    private final List<TrainingLoop.Listener> extraListeners = new ArrayList<>();

    /** @param allowConfigChange resume even if settings that change the result differ from the checkpoint's */
    public TrainingRun(Compute compute, JobConfig cfg, boolean allowConfigChange) {
        this.compute = compute;
        this.cfg = cfg;
        this.allowConfigChange = allowConfigChange;
    }

    /**
     * Gives the network to {@code check} once the data has sized it (a text's vocabulary) and
     * before anything is written; it may throw to refuse it (the driver's heap).
     */
    public TrainingRun checkingNetwork(Consumer<NetworkSpec> check) {
        this.checkNetwork = check;
        return this;
    }

    /**
     * Tells {@code l} of every step and epoch end after the run has logged, scored and checkpointed
     * it (in the order added); {@code l} may end the run at an epoch's end by returning false.
     * Tests stop a run there as a killed driver would, by throwing.
     */
    public TrainingRun observedBy(TrainingLoop.Listener l) {
        extraListeners.add(l);
        return this;
    }

    public Outcome run() throws IOException {
        if (!compute.onSpark() && !(cfg.data() instanceof TextData)) {
            throw cfg.formatRefused("only a text trains in process (--local); tables are read and trained on Spark");
        }
        RunDirectory out = new RunDirectory(cfg.output().dir(), compute.hadoop());
        CheckpointStore store =
                new CheckpointStore(out.fs(), out.path(), cfg.output().keep());
        RunDirectory.Start start = out.check(cfg.output().mode(), store);
        if (start == RunDirectory.Start.ALREADY_FINISHED) {
            LOG.info("{} already holds a finished run; nothing to do", out.path());
            return new Outcome(start, 0, null);
        }
        int threads = compute.threadsPerTask(cfg.training().threadsPerTask());
        Checkpoint resumed = start == RunDirectory.Start.RESUME
                ? ResumeCheck.config(store.latest(), cfg, allowConfigChange, out.path(), threads, LOG)
                : null;
        // before the first write: a log that lost lines up to the checkpoint is refused with the directory as it was
        List<String> keptMetrics = MetricsLog.kept(out.fs(), out.path(), resumed == null ? null : resumed.metrics());
        if (cfg.network() != null) {
            checkNetwork.accept(cfg.network()); // before the data is read; a text's network is known after
        }
        try (RunTask task = RunTask.open(compute, cfg, resumed, out)) {
            if (cfg.network() == null) {
                checkNetwork.accept(task.config().network());
            }
            if (resumed != null) {
                ResumeCheck.fits(resumed, task.config(), out.path());
            }
            // the first write: a bad config, output mode, checkpoint or data set has failed above with the directory
            // untouched
            out.prepare(start, cfg.output().mode());
            return train(new OpenRun(out, store, start, resumed, keptMetrics, threads, task));
        }
    }

    /**
     * A run whose directory is prepared and whose task is open: where it writes, what it resumes
     * from, the metrics lines it keeps, its threads per task.
     */
    private record OpenRun(
            RunDirectory out,
            CheckpointStore store,
            RunDirectory.Start start,
            Checkpoint resumed,
            List<String> keptMetrics,
            int threads,
            RunTask task) {}

    private Outcome train(OpenRun run) throws IOException {
        JobConfig c = run.task().config();
        NetworkSpec spec = c.network();
        Precision precision = c.precision();
        Map<String, Object> info = run.task()
                .runInfo(new RunInfo(
                                compute.sparkVersion(),
                                compute.master(),
                                Blas.implementationName(),
                                Blas.openBlasThreads(),
                                run.threads(),
                                run.task().partitions(),
                                compute.executors(),
                                c.training().seed(),
                                0,
                                0,
                                spec.paramCount(),
                                precision.name().toLowerCase(Locale.ROOT),
                                System.getProperty("java.version"))
                        .toMap());
        warnAboutThreads(run.threads());
        OutputFiles.write(
                run.out().fs(),
                run.out().file("config.resolved.json"),
                c.resolved().getBytes(StandardCharsets.UTF_8));
        OutputFiles.write(
                run.out().fs(),
                run.out().file("run-info.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
        run.task().writeStartFiles(run.out());
        LOG.info("output directory {}", run.out().fs().makeQualified(run.out().path()));
        LOG.info(
                "{}; {} thread(s) per task, BLAS {}, OPENBLAS_NUM_THREADS={}",
                run.task().describe(),
                run.threads(),
                Blas.implementationName(),
                Blas.openBlasThreads());

        TrainingState state = initialState(c, run.resumed());
        try {
            Outcome o = fit(run, state);
            RunReport.write(run.out(), spec, null);
            run.out().markSuccess();
            return o;
        } catch (IOException | RuntimeException e) {
            RunReport.write(
                    run.out(), spec, e); // the metrics log is closed: the report shows up to where the run stopped
            throw e;
        }
    }

    /** Trains and writes the model, the evaluation and the whole metrics log; everything but the report and _SUCCESS. */
    private Outcome fit(OpenRun run, TrainingState state) throws IOException {
        JobConfig c = run.task().config();
        Precision precision = c.precision();
        try (MetricsLog metrics = MetricsLog.open(
                        run.out().fs(),
                        run.out().path(),
                        run.resumed() == null ? null : run.resumed().metrics(),
                        run.keptMetrics());
                GradientSource source = run.task().source(run.threads())) {
            if (run.resumed() != null && source instanceof StatefulGradientSource st) {
                st.restoreState(ResumeCheck.streamState(run.resumed(), st, LOG));
            }
            TrainingLoop loop = new TrainingLoop(
                    new TrainingLoop.Settings(
                            c.training().epochs(),
                            c.training().batchSize(),
                            c.training().seed(),
                            c.training().clipNorm(),
                            c.training().maxSteps()),
                    source,
                    LearningRate.of(c.optimizer().lr(), c.training(), c.schedule()),
                    precision);
            long total = (long) c.training().epochs() * loop.stepsPerEpoch();
            if (c.training().maxSteps() > 0) {
                total = Math.min(total, c.training().maxSteps());
            }
            run.task().start(state, run.keptMetrics());
            RunModel model = new RunModel(c, run.task().preprocessing());
            Scoring scoring = new Scoring(
                    c.training(),
                    run.task(),
                    model,
                    metrics,
                    run.resumed() != null ? run.resumed().best() : null);
            Checkpointing checkpoints = new Checkpointing(
                    run.store(), c.output().everySteps(), c.resolved(), model, scoring, metrics, source, run.threads());
            StepLog stepLog = new StepLog(c.training(), metrics, total, TextTask.lastTrainSeconds(run.keptMetrics()));
            if (source instanceof io.sparknn.trainer.spark.StepTraffic.Recorded recorded) {
                stepLog.withTraffic(recorded::traffic);
            }
            List<TrainingLoop.Listener> listeners = new ArrayList<>(List.of(stepLog, scoring, checkpoints));
            listeners.addAll(extraListeners);
            try {
                loop.run(state, new Listeners(listeners));
            } catch (TrainingException e) {
                metrics.finish();
                throw e;
            }
            scoring.afterLoop(state);
            checkpoints.save(state);
            Model handedOver = scoring.handedOver(state);
            Metrics evaluation = run.task().finalEvaluation(handedOver);
            OutputFiles.write(run.out().fs(), run.out().file("model.bin"), o -> ModelFile.write(handedOver, o));
            if (evaluation != null) {
                Map<String, Object> report = evaluation.full();
                if (c.training().patience() > 0 && state.bestEpoch >= 0) {
                    report.put("best_epoch", state.bestEpoch + 1); // the epoch whose model was evaluated and written
                }
                OutputFiles.write(
                        run.out().fs(),
                        run.out().file("evaluation.json"),
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
                LOG.info("final evaluation on {} held-out examples: {}", evaluation.examples(), evaluation.summary());
            }
            metrics.finish();
            return new Outcome(run.start(), state.globalStep, evaluation);
        }
    }

    private TrainingState initialState(JobConfig c, Checkpoint resumed) {
        NetworkSpec spec = c.network();
        Precision precision = c.precision();
        if (resumed == null) {
            try (Network net = Network.create(
                    spec, Network.Options.of(precision, 1), c.training().seed())) {
                return new TrainingState(
                        net.parameters().copy(),
                        net.buffers().copy(),
                        c.optimizer().create(precision, spec));
            }
        }
        Model m = resumed.model();
        TrainingState s = new TrainingState(
                Storage.of(precision, m.parameters()),
                Storage.of(precision, m.buffers()),
                c.optimizer().create(precision, spec));
        s.optimizer.restore(m.optimizerState());
        s.epoch = resumed.epoch();
        s.stepInEpoch = resumed.stepInEpoch();
        s.globalStep = resumed.globalStep();
        s.bestScore = resumed.bestScore();
        s.epochsWithoutImprovement = resumed.epochsWithoutImprovement();
        s.bestEpoch = resumed.bestEpoch();
        return s;
    }

    private void warnAboutThreads(int threads) {
        String env = Blas.openBlasThreads();
        int parallel = compute.onSpark() ? compute.sc().defaultParallelism() : 1;
        if (Blas.nativeLoaded() && !env.equals("1") && parallel > 1) {
            LOG.warn(
                    "OPENBLAS_NUM_THREADS is {} while {} tasks run at once with {} engine thread(s) each: OpenBLAS's own "
                            + "threads will oversubscribe the cores. Set it to 1 (spark.executorEnv.OPENBLAS_NUM_THREADS=1 on a "
                            + "cluster; bin/sparknn does it in local mode)",
                    env,
                    parallel,
                    threads);
        }
    }
}
