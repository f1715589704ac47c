package io.sparknn.trainer.run;

import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.Preprocessing;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.config.JobConfig;

/**
 * The model file of a run's state: its network, precision, parameters and buffers, the task's
 * scaling and the optimizer with its state.
 */
record RunModel(JobConfig cfg, Preprocessing preprocessing) {
    Model of(TrainingState s) {
        return new Model(
                cfg.network(),
                cfg.precision(),
                s.params.toDoubles(),
                s.buffers.toDoubles(),
                preprocessing,
                cfg.optimizer(),
                s.optimizer.state());
    }
}
