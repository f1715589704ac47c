package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's listeners as one: told in order, each told of an epoch's end even when an earlier one stops the run. */
class ListenersTest {
    private record Named(String name, boolean go, List<String> told) implements TrainingLoop.Listener {
        @Override
        public void onStep(StepReport r, TrainingState s) {
            told.add(name + " step");
        }

        @Override
        public boolean onEpochEnd(int epoch, TrainingState s) {
            told.add(name + " epoch " + epoch);
            return go;
        }
    }

    @Test
    void everyListenerIsToldInOrderAndAnyCanEndTheRun() {
        List<String> told = new ArrayList<>();
        Listeners all = new Listeners(List.of(
                new Named("log", true, told), new Named("scores", false, told), new Named("checkpoints", true, told)));
        all.onStep(null, null);
        assertFalse(all.onEpochEnd(3, null), "early stopping in the second listener ends the run");
        assertEquals(
                List.of(
                        "log step",
                        "scores step",
                        "checkpoints step",
                        "log epoch 3",
                        "scores epoch 3",
                        "checkpoints epoch 3"),
                told,
                "the checkpoint after a stopping score is still written");
        assertTrue(new Listeners(List.of(new Named("a", true, told))).onEpochEnd(0, null));
    }
}
