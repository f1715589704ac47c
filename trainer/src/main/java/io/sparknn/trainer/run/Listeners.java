package io.sparknn.trainer.run;

import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import java.util.List;

/**
 * Several listeners as one, told in order: a run logs a step before it scores it, and scores it
 * before it checkpoints it, so a checkpoint holds the metrics lines and the early-stopping state of
 * its step. Training goes on past an epoch only if every listener says so; each is told either way.
 */
record Listeners(List<TrainingLoop.Listener> all) implements TrainingLoop.Listener {
    @Override
    public void onStep(StepReport r, TrainingState s) {
        for (TrainingLoop.Listener l : all) {
            l.onStep(r, s);
        }
    }

    @Override
    public boolean onEpochEnd(int epoch, TrainingState s) {
        boolean go = true;
        for (TrainingLoop.Listener l : all) {
            go &= l.onEpochEnd(epoch, s);
        }
        return go;
    }
}
