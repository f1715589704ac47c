package io.sparknn.trainer.config;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.optim.LrSchedule;
import io.sparknn.engine.optim.OptimizerSpec;

/**
 * A whole training job, checked: data, network, optimizer, schedule, training, output. Spark's own
 * settings are not here; they come from spark-submit.
 *
 * @param source    the file it was read from, for messages
 * @param resolved  the config with every default filled in, as JSON (written to the output directory)
 */
public record JobConfig(String source, DataConfig data, NetworkSpec network, Precision precision,
                        OptimizerSpec optimizer, LrSchedule schedule, TrainingConfig training,
                        OutputConfig output, String resolved) {
}
