package io.sparknn.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.kernel.Blas;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.checkpoint.CheckpointStore;
import io.sparknn.trainer.checkpoint.MetricsLog;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.config.StopMetric;
import io.sparknn.trainer.config.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the user sees and what a run leaves behind while it trains, for every task: a step line in
 * {@code metrics.jsonl} and the log every {@code log_every} steps, the task's score every
 * {@code evaluate_every} steps and at each epoch's end, early stopping on that score, and
 * checkpoints every {@code checkpoint_every} steps, at epoch ends and at the end.
 */
final class RunProgress implements TrainingLoop.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JobConfig cfg;
    private final RunTask task;
    private final CheckpointStore store;
    private final MetricsLog metrics;
    private final GradientSource source;
    private final int threads;
    private final long totalSteps;
    private final TrainingLoop.Listener observer;
    private long firstStepDoneNanos;
    private long stepsThisRun;
    private long lastCheckpointStep = -1;
    private Model best;

    RunProgress(JobConfig cfg, RunTask task, CheckpointStore store, MetricsLog metrics, GradientSource source, int threads,
                long totalSteps, Model best, TrainingLoop.Listener observer) {
        this.cfg = cfg;
        this.task = task;
        this.store = store;
        this.metrics = metrics;
        this.source = source;
        this.threads = threads;
        this.totalSteps = totalSteps;
        this.best = best;
        this.observer = observer;
    }

    @Override
    public void onStep(StepReport r, TrainingState s) {
        stepsThisRun++;
        if (stepsThisRun == 1) {
            firstStepDoneNanos = System.nanoTime();
        }
        task.onStep(r);
        TrainingConfig t = cfg.training();
        boolean lastOfEpoch = r.stepInEpoch() + 1 == r.stepsPerEpoch();
        if (t.logEvery() > 0 && (r.globalStep() % t.logEvery() == 0 || lastOfEpoch)) {
            metrics.append(line(stepLine(r)));
            // the rate since the first step: the first one pays for class loading and JIT warm-up
            double elapsed = (System.nanoTime() - firstStepDoneNanos) / 1e9;
            long remaining = Math.max(0, totalSteps - r.globalStep() - 1);
            String eta = stepsThisRun < 2 ? "-" : duration(elapsed / (stepsThisRun - 1) * remaining);
            LOG.info(String.format(Locale.ROOT, "epoch %d/%d step %d/%d  loss %.4f  lr %.3g  %,.0f samples/s  ETA %s",
                    r.epoch() + 1, t.epochs(), r.stepInEpoch() + 1, r.stepsPerEpoch(), r.loss(), r.lr(),
                    r.samplesPerSecond(), remaining == 0 ? duration(0) : eta));
        }
        // the epoch's end scores anyway
        if (t.evaluateEvery() > 0 && s.globalStep % t.evaluateEvery() == 0 && s.stepInEpoch < r.stepsPerEpoch()) {
            record(task.score(s.epoch, s, model(s), false));
        }
        int every = cfg.output().everySteps();
        if (every > 0 && s.globalStep % every == 0) {
            checkpoint(s);
        }
        observer.onStep(r, s);
    }

    private static ObjectNode stepLine(StepReport r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "step");
        n.put("step", r.globalStep());
        n.put("epoch", r.epoch() + 1);
        n.put("loss", r.loss());
        n.put("lr", r.lr());
        n.put("examples", r.examples());
        n.put("grad_norm", r.gradientNorm());
        n.put("samples_per_s", r.samplesPerSecond());
        n.put("compute_ms", r.computeNanos() / 1e6);
        n.put("aggregate_ms", r.aggregateNanos() / 1e6);
        n.put("optimizer_ms", r.optimizerNanos() / 1e6);
        n.put("broadcast_ms", r.broadcastNanos() / 1e6);
        n.put("step_ms", r.stepNanos() / 1e6);
        return n;
    }

    private void record(Score score) {
        if (score != null) {
            LOG.info(score.summary());
            metrics.append(line(score.line()));
        }
    }

    private static String line(ObjectNode n) {
        return n.toString() + "\n";
    }

    @Override
    public boolean onEpochEnd(int epoch, TrainingState s) {
        boolean go = true;
        Model current = model(s);
        Score score = task.score(epoch, s, current, true);
        if (score != null) {
            go = earlyStopping(epoch, s, score, current);
            if (cfg.training().patience() > 0) {
                score.line().put("best_epoch", s.bestEpoch + 1); // the epoch whose model the run hands over if it ends now
            }
            record(score);
        }
        checkpoint(s);
        return observer.onEpochEnd(epoch, s) && go;
    }

    /** After the loop: the steps of an epoch the run stopped inside, scored when the task scores them. */
    void afterLoop(TrainingState s) {
        record(task.scoreOfLastSteps(s, model(s)));
    }

    private boolean earlyStopping(int epoch, TrainingState s, Score m, Model current) {
        int patience = cfg.training().patience();
        if (patience == 0) {
            return true;
        }
        boolean byAccuracy = byAccuracy(cfg.training().metric(), m);
        double score = byAccuracy ? m.accuracy() : -m.loss();
        if (Double.isNaN(s.bestScore) || score > s.bestScore) {
            s.bestScore = score;
            s.bestEpoch = epoch;
            s.epochsWithoutImprovement = 0;
            best = current;
            return true;
        }
        s.epochsWithoutImprovement++;
        if (s.epochsWithoutImprovement >= patience) {
            LOG.info("early stopping after epoch {}: no improvement of the validation {} for {} epochs; keeping the model "
                    + "of epoch {}", epoch + 1, byAccuracy ? "accuracy" : "loss", patience, s.bestEpoch + 1);
            return false;
        }
        return true;
    }

    /**
     * Early stopping's score is the accuracy (higher is better) under {@code metric: accuracy}
     * when the task has one (softmax or binary cross-entropy), else minus the validation loss.
     */
    static boolean byAccuracy(StopMetric metric, Score m) {
        return metric == StopMetric.ACCURACY && !Double.isNaN(m.accuracy());
    }

    Model model(TrainingState s) {
        return new Model(cfg.network(), cfg.precision(), s.params.toDoubles(), s.buffers.toDoubles(), task.preprocessing(),
                cfg.optimizer(), s.optimizer.state());
    }

    /** The model the run hands over: the best one under early stopping, else the last. */
    Model finalModel(TrainingState s) {
        return best != null && cfg.training().patience() > 0 ? best : model(s);
    }

    void checkpoint(TrainingState s) {
        if (s.globalStep == lastCheckpointStep) {
            return; // the final checkpoint often falls on the last epoch end's
        }
        lastCheckpointStep = s.globalStep;
        double[] streams = source instanceof StatefulGradientSource st ? st.state() : null;
        try {
            store.save(new Checkpoint(s.globalStep, s.epoch, s.stepInEpoch, s.bestScore, s.epochsWithoutImprovement,
                    s.bestEpoch, cfg.resolved(), Blas.implementationName(), threads, Blas.openBlasThreads(),
                    metrics.mark(), model(s), best, streams));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the checkpoint of step " + s.globalStep, e);
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
