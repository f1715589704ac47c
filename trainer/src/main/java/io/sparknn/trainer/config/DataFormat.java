package io.sparknn.trainer.config;

/** {@code data.format}: how examples are stored, which decides the task a run trains. */
public enum DataFormat implements ConfigChoice {
    /** The data set built into the jar (UCI optdigits): comma-separated, no header, the label last. */
    BUILTIN,
    CSV,
    /** MNIST's IDX images with a separate labels file. */
    IDX,
    LIBSVM,
    PARQUET,
    /** A table of Spark's catalog. */
    TABLE,
    /** UTF-8 text for a character language model: its own {@link TextData} keys. */
    TEXT;

    /** The format fixes the labels as class indices ({@code data.labels} is not read). */
    public boolean fixedClasses() {
        return this == IDX || this == BUILTIN;
    }

    /** Rows come through Spark SQL (a Parquet path or a catalog table), not through our parsers. */
    public boolean sql() {
        return this == PARQUET || this == TABLE;
    }

    /** Comma-separated rows ({@code builtin} is a CSV in a fixed layout). */
    public boolean csv() {
        return this == CSV || this == BUILTIN;
    }
}
