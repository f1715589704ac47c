package io.sparknn.trainer.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.io.Model;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classifier trains the train job's weights, scores on the executors and refuses what it cannot train. */
class NeuralNetClassifierTest {
    @TempDir
    Path tmp;

    private static NeuralNetClassifier classifier() {
        return TrainJob.likeTheJob(new NeuralNetClassifier(), Rows.MLP3);
    }

    @Test
    void fitGivesTheTrainJobsWeightsBitForBit() throws Exception {
        Dataset<Row> rows = Rows.classes(300, 3, 1);
        String parquet = TrainJob.parquet(tmp, rows);
        Model job = TrainJob.run(tmp.resolve("job"), parquet, null, 0.2, Rows.MLP3, TrainJob.ADAM, TrainJob.TRAINING);

        Model fromParquet =
                classifier().fit(Rows.spark().read().parquet(parquet)).network();
        assertArrayEquals(job.parameters(), fromParquet.parameters(), "the same Parquet rows");
        assertArrayEquals(job.buffers(), fromParquet.buffers());
        // the frame the file was written from holds the rows in the same order: the same ids, the same weights
        Model fromFrame = classifier().fit(rows).network();
        assertArrayEquals(job.parameters(), fromFrame.parameters(), "the frame the file was written from");

        // the rows' order is what numbers them: reversed, every batch and the holdout change
        Model reversed =
                classifier().fit(rows.orderBy(functions.col("id").desc())).network();
        assertFalse(Arrays.equals(job.parameters(), reversed.parameters()));
    }

    @Test
    void transformKeepsEveryColumnAndAddsLogitsProbabilitiesAndTheClass() {
        Dataset<Row> rows = Rows.classes(400, 3, 2);
        NeuralNetClassificationModel model = classifier()
                .setEpochs(8)
                .setPatience(3)
                .setEarlyStoppingMetric("loss")
                .fit(rows);
        Dataset<Row> scored = model.transform(rows);
        assertEquals(
                List.of("id", "features", "label", "rawPrediction", "probability", "prediction"),
                Arrays.asList(scored.columns()));
        List<Row> all = scored.orderBy("id").collectAsList();
        assertEquals(400, all.size());
        for (Row r : all.subList(0, 20)) {
            Vector raw = r.getAs("rawPrediction");
            Vector p = r.getAs("probability");
            assertEquals(1.0, Arrays.stream(p.toArray()).sum(), 1e-12);
            assertEquals(raw.argmax(), p.argmax());
            assertEquals((double) p.argmax(), r.<Double>getAs("prediction"));
            // the executors' batched forward pass agrees with the driver's one-row one
            assertArrayEquals(model.predictRaw(r.getAs("features")).toArray(), raw.toArray(), 1e-5);
        }
        double accuracy = new MulticlassClassificationEvaluator()
                .setMetricName("accuracy")
                .evaluate(scored);
        assertTrue(accuracy > 0.85, "accuracy " + accuracy);
        NeuralNetSummary s = model.summary();
        assertEquals(s.totalIterations(), s.objectiveHistory().length);
        double[] loss = s.validationLoss();
        assertTrue(loss.length >= 4 && loss.length <= 8, Arrays.toString(loss));
        assertTrue(loss[loss.length - 1] < loss[0], Arrays.toString(loss));
        int best = 0;
        for (int e = 0; e < loss.length; e++) {
            best = loss[e] < loss[best] ? e : best;
        }
        assertEquals(best + 1, s.bestEpoch(), "the epoch of the lowest validation loss: " + Arrays.toString(loss));
        // the model is the best epoch's: its held-out loss is that epoch's
        assertEquals(loss[best], s.finalLoss(), 1e-12);
        assertEquals(loss.length, s.validationAccuracy().length);
    }

    @Test
    void oneLogitGivesMinusZZAndOneMinusSigmaSigma() {
        Dataset<Row> rows = Rows.classes(300, 2, 3);
        NeuralNetClassificationModel model = classifier()
                .setNetwork("{\"input\": [4], \"layers\": [{\"type\": \"dense\", \"units\": 1}], "
                        + "\"loss\": \"bce_with_logits\"}")
                .setOptimizer("{\"type\": \"adam\", \"lr\": 0.1}")
                .setBatchSize(64)
                .setEpochs(15)
                .fit(rows);
        assertEquals(2, model.numClasses());
        Dataset<Row> scored = model.transform(rows);
        for (Row r : scored.limit(20).collectAsList()) {
            double[] raw = r.<Vector>getAs("rawPrediction").toArray();
            double[] p = r.<Vector>getAs("probability").toArray();
            assertEquals(-raw[0], raw[1]);
            double sigma = 1 / (1 + Math.exp(-raw[1]));
            assertEquals(sigma, p[1], 1e-15);
            assertEquals(1 - sigma, p[0], 1e-15);
            assertEquals(raw[1] > 0 ? 1.0 : 0.0, r.<Double>getAs("prediction"));
        }
        double auc = new BinaryClassificationEvaluator().evaluate(scored);
        assertTrue(auc > 0.9, "area under ROC " + auc);
    }
}
