package io.sparknn.trainer;

import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;

/** What a test throws to stop a run as a killed driver would: after a step's checkpoint, before the next step. */
public final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private SimulatedCrash(long step) {
        super("simulated crash after step " + step);
    }

    /** A listener that crashes the run once {@code step} steps are done in all. */
    public static TrainingLoop.Listener afterStep(long step) {
        return (StepReport report, TrainingState state) -> {
            if (state.globalStep == step) {
                throw new SimulatedCrash(step);
            }
        };
    }

    /** A listener that lets the run finish. */
    public static TrainingLoop.Listener never() {
        return (report, state) -> {};
    }
}
