package io.sparknn.trainer.config;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.optim.LrSchedule;
import io.sparknn.engine.optim.OptimizerSpec;

/**
 * A whole training job, checked: data, network, optimizer, schedule, training, output. Spark's own
 * settings are not here; they come from spark-submit.
 *
 * @param source      the file it was read from, for messages
 * @param network     the network; for a text, null until {@link #withVocabulary} (its sizes depend on the text)
 * @param textNetwork a text's network before its vocabulary is known; null for tables
 * @param resolved    the config with every default filled in, as JSON (written to the output directory)
 */
public record JobConfig(
        String source,
        DataSource data,
        NetworkSpec network,
        TextNetwork textNetwork,
        Precision precision,
        OptimizerSpec optimizer,
        LrSchedule schedule,
        TrainingConfig training,
        OutputConfig output,
        String resolved) {

    /** The data of a classification or regression run. */
    public TableData table() {
        if (data instanceof TableData t) {
            return t;
        }
        throw formatRefused("this job reads tables of examples (a model of a text is scored by its run and sampled "
                + "with sample)");
    }

    /** The error for a job or mode that does not take this config's {@code data.format}: {@code why}. */
    public ConfigException formatRefused(String why) {
        return new ConfigException(
                source + ": key 'data.format' is " + data.format().text() + ": " + why);
    }

    /** The text of a character-model run. */
    public TextData text() {
        if (data instanceof TextData t) {
            return t;
        }
        throw new IllegalStateException("not a text config: " + data.format().text());
    }

    /**
     * This text config with its network built for a vocabulary of {@code size} characters.
     *
     * @throws ConfigException when a size written in the network does not fit that vocabulary
     */
    public JobConfig withVocabulary(int size) {
        return new JobConfig(
                source,
                data,
                textNetwork.forVocabulary(size),
                textNetwork,
                precision,
                optimizer,
                schedule,
                training,
                output,
                resolved);
    }
}
