package io.sparknn.trainer.run;

import io.sparknn.engine.io.Model;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.checkpoint.MetricsLog;
import io.sparknn.trainer.config.StopMetric;
import io.sparknn.trainer.config.TrainingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's scores of the validation data, written to {@code metrics.jsonl} and the log: every
 * {@code evaluate_every} steps inside an epoch and at each epoch's end, where early stopping
 * ({@code patience} epochs without a better {@code metric}) keeps the best model and may end the
 * run.
 */
final class Scoring implements TrainingLoop.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
    private final TrainingConfig training;
    private final RunTask task;
    private final RunModel model;
    private final MetricsLog metrics;
    private Model best;

    /** @param best the best model so far (a resumed run's, from its checkpoint), or null */
    Scoring(TrainingConfig training, RunTask task, RunModel model, MetricsLog metrics, Model best) {
        this.training = training;
        this.task = task;
        this.model = model;
        this.metrics = metrics;
        this.best = best;
    }

    @Override
    public void onStep(StepReport r, TrainingState s) {
        task.onStep(r);
        // the epoch's end scores anyway
        if (training.evaluateEvery() > 0
                && s.globalStep % training.evaluateEvery() == 0
                && s.stepInEpoch < r.stepsPerEpoch()) {
            record(task.score(s.epoch, s, model.of(s), false));
        }
    }

    @Override
    public boolean onEpochEnd(int epoch, TrainingState s) {
        if (!task.scores()) {
            return true;
        }
        Model current = model.of(s);
        Score score = task.score(epoch, s, current, true);
        if (score == null) {
            return true;
        }
        boolean go = earlyStopping(epoch, s, score, current);
        if (training.patience() > 0) {
            score.line().put("best_epoch", s.bestEpoch + 1); // the epoch whose model the run hands over if it ends now
        }
        record(score);
        return go;
    }

    /** After the loop: the steps of an epoch the run stopped inside, scored when the task scores them. */
    void afterLoop(TrainingState s) {
        record(task.scoreOfLastSteps(s, model.of(s)));
    }

    private void record(Score score) {
        if (score != null) {
            LOG.info(score.summary());
            metrics.append(score.line().toString() + "\n");
        }
    }

    private boolean earlyStopping(int epoch, TrainingState s, Score m, Model current) {
        int patience = training.patience();
        if (patience == 0) {
            return true;
        }
        boolean byAccuracy = byAccuracy(training.metric(), m);
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
            LOG.info(
                    "early stopping after epoch {}: no improvement of the validation {} for {} epochs; keeping the model "
                            + "of epoch {}",
                    epoch + 1,
                    byAccuracy ? "accuracy" : "loss",
                    patience,
                    s.bestEpoch + 1);
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

    /** The best model so far under early stopping, or null. */
    Model best() {
        return best;
    }

    /** The model the run hands over: the best one under early stopping, else the last. */
    Model handedOver(TrainingState s) {
        return best != null && training.patience() > 0 ? best : model.of(s);
    }
}
