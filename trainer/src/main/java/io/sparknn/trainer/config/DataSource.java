package io.sparknn.trainer.config;

/**
 * {@code data}: the examples of a run. Each kind holds only the keys of its formats, and the kind
 * decides the run's task: a {@link TableData} trains a classifier or a regression, a {@link TextData}
 * a character language model.
 */
public sealed interface DataSource permits TableData, TextData {
    DataFormat format();

    /** The training data's location. */
    String train();
}
