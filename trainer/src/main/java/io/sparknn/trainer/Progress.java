package io.sparknn.trainer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.eval.Metrics;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.Preprocessing;
import io.sparknn.engine.kernel.Blas;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.checkpoint.CheckpointStore;
import io.sparknn.trainer.checkpoint.MetricsLog;
import io.sparknn.trainer.checkpoint.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the user sees and what the run leaves behind while it trains: the progress line, metrics
 * lines (per logged step and per epoch), evaluation and early stopping at each epoch's end, and
 * checkpoints every N steps and at epoch ends.
 */
final class Progress implements TrainingLoop.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private final TrainingJob job;
    private final RunDirectory out;
    private final CheckpointStore store;
    private final MetricsLog metrics;
    private final Preprocessing pre;
    private final JavaRDD<ExampleBlock> valid;
    private final List<String> labelNames;
    private final int threads;
    private final long totalSteps;
    private long firstStepDoneNanos;
    private long stepsThisRun;
    private long lastCheckpointStep = -1;
    private Model best;

    Progress(TrainingJob job, RunDirectory out, CheckpointStore store, MetricsLog metrics, Preprocessing pre,
             JavaRDD<ExampleBlock> valid, List<String> labelNames, int threads, long totalSteps, Model best) {
        this.job = job;
        this.out = out;
        this.store = store;
        this.metrics = metrics;
        this.pre = pre;
        this.valid = valid;
        this.labelNames = labelNames;
        this.threads = threads;
        this.totalSteps = totalSteps;
        this.best = best;
    }

    @Override
    public void onStep(StepReport r, TrainingState s) {
        stepsThisRun++;
        if (stepsThisRun == 1) {
            firstStepDoneNanos = System.nanoTime();
        }
        int logEvery = job.config().training().logEvery();
        boolean last = r.stepInEpoch() + 1 == r.stepsPerEpoch();
        if (r.globalStep() % logEvery == 0 || last) {
            metrics.append(TrainingJob.toLine(stepLine(r)));
            // the rate since the first step: the first one pays for class loading and JIT warm-up
            double elapsed = (System.nanoTime() - firstStepDoneNanos) / 1e9;
            long remaining = Math.max(0, totalSteps - r.globalStep() - 1);
            String eta = stepsThisRun < 2 ? "-" : duration(elapsed / (stepsThisRun - 1) * remaining);
            LOG.info(String.format(Locale.ROOT, "epoch %d/%d step %d/%d  loss %.4f  lr %.3g  %,.0f samples/s  ETA %s",
                    r.epoch() + 1, job.config().training().epochs(), r.stepInEpoch() + 1, r.stepsPerEpoch(), r.loss(), r.lr(),
                    r.samplesPerSecond(), remaining == 0 ? duration(0) : eta));
        }
        int every = job.config().output().everySteps();
        if (every > 0 && s.globalStep % every == 0) {
            checkpoint(s);
        }
    }

    private static ObjectNode stepLine(StepReport r) {
        ObjectNode n = TrainingJob.metricLine();
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

    @Override
    public boolean onEpochEnd(int epoch, TrainingState s) {
        boolean go = true;
        if (valid != null) {
            Model current = model(s);
            Metrics m = job.evaluate(valid, current, labelNames, "evaluate epoch " + (epoch + 1));
            ObjectNode n = TrainingJob.metricLine();
            n.put("type", "epoch");
            n.put("epoch", epoch + 1);
            n.put("step", s.globalStep);
            for (Map.Entry<String, Object> e : m.summary().entrySet()) {
                n.putPOJO(e.getKey(), e.getValue());
            }
            LOG.info(String.format(Locale.ROOT, "epoch %d: validation loss %.4f%s", epoch + 1, m.loss(),
                    m.hasAccuracy() ? String.format(Locale.ROOT, ", accuracy %.4f", m.accuracy()) : ""));
            go = earlyStopping(epoch, s, m, current);
            if (job.config().training().patience() > 0) {
                n.put("best_epoch", s.bestEpoch + 1); // the epoch whose model the run hands over if it ends now
            }
            metrics.append(TrainingJob.toLine(n));
        }
        checkpoint(s);
        return go;
    }

    private boolean earlyStopping(int epoch, TrainingState s, Metrics m, Model current) {
        int patience = job.config().training().patience();
        if (patience == 0) {
            return true;
        }
        double score = score(job.config().training().metric(), m);
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
                    + "of epoch {}", epoch + 1, scoredBy(job.config().training().metric(), m), patience, s.bestEpoch + 1);
            return false;
        }
        return true;
    }

    /**
     * Early stopping's score, higher is better: the accuracy under {@code metric: accuracy} when
     * the evaluation has one (softmax or binary cross-entropy), else minus the validation loss.
     */
    static double score(String metric, Metrics m) {
        return scoredBy(metric, m).equals("accuracy") ? m.accuracy() : -m.loss();
    }

    private static String scoredBy(String metric, Metrics m) {
        return metric.equals("accuracy") && m.hasAccuracy() ? "accuracy" : "loss";
    }

    Model model(TrainingState s) {
        return new Model(job.config().network(), job.config().precision(), s.params.toDoubles(), s.buffers.toDoubles(),
                pre, job.config().optimizer(), s.optimizer.state());
    }

    /** The model the run hands over: the best one under early stopping, else the last. */
    Model finalModel(TrainingState s) {
        return best != null && job.config().training().patience() > 0 ? best : model(s);
    }

    void checkpoint(TrainingState s) {
        if (s.globalStep == lastCheckpointStep) {
            return; // the final checkpoint often falls on the last epoch end's
        }
        lastCheckpointStep = s.globalStep;
        try {
            store.save(new Checkpoint(s.globalStep, s.epoch, s.stepInEpoch, s.bestScore, s.epochsWithoutImprovement,
                    s.bestEpoch, job.config().resolved(), Blas.implementationName(), threads, Blas.openBlasThreads(),
                    metrics.mark(), model(s), best));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the checkpoint of step " + s.globalStep + " to " + out.path(), e);
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
