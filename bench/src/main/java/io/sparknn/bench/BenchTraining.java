package io.sparknn.bench;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import java.util.function.BiConsumer;

/**
 * The training the speed benchmarks time: a network's seeded initial weights (seed 1) and a fresh
 * optimizer, run in float32 by the engine's loop (epoch seed 7, constant learning rate) from the
 * state's position to a given step.
 */
final class BenchTraining {
    private BenchTraining() {}

    static TrainingState initialState(NetworkSpec spec, OptimizerSpec optimizer) {
        try (Network net = Network.create(spec, Network.Options.of(Precision.FLOAT32, 1), 1)) {
            return new TrainingState(
                    net.parameters().copy(),
                    net.buffers().copy(),
                    optimizer.create(Precision.FLOAT32, spec.paramCount()));
        }
    }

    /** Trains from the state's position until {@code untilStep} optimizer steps in total. */
    static void run(
            GradientSource source,
            TrainingState state,
            OptimizerSpec optimizer,
            int batch,
            long untilStep,
            BiConsumer<StepReport, TrainingState> onStep) {
        TrainingLoop loop = new TrainingLoop(
                new TrainingLoop.Settings(Integer.MAX_VALUE, batch, 7, 0, untilStep),
                source,
                step -> optimizer.lr(),
                Precision.FLOAT32);
        loop.run(state, new TrainingLoop.Listener() {
            @Override
            public void onStep(StepReport report, TrainingState s) {
                onStep.accept(report, s);
            }
        });
    }
}
