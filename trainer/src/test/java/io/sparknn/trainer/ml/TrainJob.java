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
    private TrainJob() {}

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
