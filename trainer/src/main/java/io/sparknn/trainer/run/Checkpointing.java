package io.sparknn.trainer.run;

import io.sparknn.engine.kernel.Blas;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.checkpoint.CheckpointStore;
import io.sparknn.trainer.checkpoint.MetricsLog;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Checkpoints every {@code checkpoint_every} steps, at each epoch's end and at the end: the model
 * with its optimizer state, the position, the early-stopping state and best model, the number of
 * metrics lines, the resolved config, the BLAS and thread counts and, for stateful training, every
 * stream's carried state: all a resume needs to continue bit for bit.
 */
final class Checkpointing implements TrainingLoop.Listener {
    private final CheckpointStore store;
    private final int everySteps;
    private final String resolvedConfig;
    private final RunModel model;
    private final Scoring scoring;
    private final MetricsLog metrics;
    private final GradientSource source;
    private final int threads;
    private long lastStep = -1;

    Checkpointing(
            CheckpointStore store,
            int everySteps,
            String resolvedConfig,
            RunModel model,
            Scoring scoring,
            MetricsLog metrics,
            GradientSource source,
            int threads) {
        this.store = store;
        this.everySteps = everySteps;
        this.resolvedConfig = resolvedConfig;
        this.model = model;
        this.scoring = scoring;
        this.metrics = metrics;
        this.source = source;
        this.threads = threads;
    }

    @Override
    public void onStep(StepReport r, TrainingState s) {
        // an epoch's last step is saved at the epoch's end, after its score and early stopping:
        // saved here, a resume from it would score the epoch again with no step behind the score
        boolean lastOfEpoch = r.stepInEpoch() + 1 == r.stepsPerEpoch();
        if (everySteps > 0 && s.globalStep % everySteps == 0 && !lastOfEpoch) {
            save(s);
        }
    }

    @Override
    public boolean onEpochEnd(int epoch, TrainingState s) {
        save(s);
        return true;
    }

    void save(TrainingState s) {
        if (s.globalStep == lastStep) {
            return; // the final checkpoint often falls on the last epoch end's
        }
        lastStep = s.globalStep;
        double[] streams = source instanceof StatefulGradientSource st ? st.state() : null;
        try {
            store.save(new Checkpoint(
                    s.globalStep,
                    s.epoch,
                    s.stepInEpoch,
                    s.bestScore,
                    s.epochsWithoutImprovement,
                    s.bestEpoch,
                    resolvedConfig,
                    Blas.implementationName(),
                    threads,
                    Blas.openBlasThreads(),
                    metrics.mark(),
                    model.of(s),
                    scoring.best(),
                    streams));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the checkpoint of step " + s.globalStep + " to " + store.dir(), e);
        }
    }
}
