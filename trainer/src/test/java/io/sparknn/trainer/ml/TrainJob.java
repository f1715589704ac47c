package io.sparknn.trainer.ml;

import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.run.Compute;
import io.sparknn.trainer.run.TrainingRun;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The train job's side of the estimators' bit-for-bit tests: rows written to one Parquet file, the
 * job run on it (format parquet, vector column {@code features}, column {@code label}, no scaling),
 * and the {@code model.bin} it writes.
 */
final class TrainJob {
    /** The optimizer of both sides. */
    static final String ADAM = "{\"type\": \"adam\", \"lr\": 0.01}";
    /** The job's {@code training} object, as {@link #likeTheJob} sets the stage's params. */
    static final String TRAINING = "{\"batch_size\": 32, \"epochs\": 3, \"seed\": 7, \"partitions\": 2}";

    private TrainJob() {}

    /** {@code stage} with the params of {@link #ADAM} and {@link #TRAINING}, {@code network}, a fifth held out. */
    static <T extends NeuralNetParams<T>> T likeTheJob(T stage, String network) {
        return stage.setNetwork(network)
                .setOptimizer(ADAM)
                .setBatchSize(32)
                .setEpochs(3)
                .setSeed(7)
                .setPartitions(2)
                .setValidationFraction(0.2);
    }

    /** The rows as one Parquet file (one part, in the frame's order) under {@code dir}; its path. */
    static String parquet(Path dir, Dataset<Row> rows) {
        String parquet = dir.resolve("rows.parquet").toString();
        rows.coalesce(1).write().parquet(parquet);
        return parquet;
    }

    /**
     * The job's model after training on {@code parquet}: {@code labels} the job's {@code data.labels}
     * (null: the key left out), the other objects as JSON, written to {@code out}.
     */
    static Model run(
            Path out,
            String parquet,
            String labels,
            double validationFraction,
            String network,
            String optimizer,
            String training)
            throws Exception {
        String config = """
                {
                  "data": {"format": "parquet", "train": "%s", "features_column": "features",
                           "label_column_name": "label",%s "validation_fraction": %s},
                  "network": %s,
                  "optimizer": %s,
                  "training": %s,
                  "output": {"dir": "%s"}
                }
                """.formatted(
                        parquet,
                        labels == null ? "" : " \"labels\": \"" + labels + "\",",
                        validationFraction,
                        network,
                        optimizer,
                        training,
                        out);
        new TrainingRun(Compute.spark(SparkTestContext.get()), ConfigReader.parse("job.json", config), false).run();
        return read(out.resolve("model.bin"));
    }

    static Model read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return ModelFile.read(in, file.toString());
        }
    }
}
