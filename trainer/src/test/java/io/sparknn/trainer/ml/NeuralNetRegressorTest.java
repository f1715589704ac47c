package io.sparknn.trainer.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparknn.engine.io.Model;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The regressor trains the train job's weights: float targets, numbered, held out and sharded as the job does. */
class NeuralNetRegressorTest {
    @TempDir
    Path tmp;

    private static NeuralNetRegressor regressor() {
        return TrainJob.likeTheJob(new NeuralNetRegressor(), Rows.MSE1);
    }

    @Test
    void fitGivesTheTrainJobsWeightsBitForBit() throws Exception {
        Dataset<Row> rows = Rows.targets(300, 11);
        String parquet = TrainJob.parquet(tmp, rows);
        Model job =
                TrainJob.run(tmp.resolve("job"), parquet, "float", 0.2, Rows.MSE1, TrainJob.ADAM, TrainJob.TRAINING);

        Dataset<Row> read = Rows.spark().read().parquet(parquet);
        Model fromParquet = regressor().fit(read).network();
        assertArrayEquals(job.parameters(), fromParquet.parameters(), "the same Parquet rows");
        assertArrayEquals(job.buffers(), fromParquet.buffers());

        // the holdout is the job's: a quarter held out instead of a fifth trains on other rows
        Model quarter = regressor().setValidationFraction(0.25).fit(read).network();
        assertFalse(Arrays.equals(job.parameters(), quarter.parameters()), "a quarter held out");
    }
}
