package io.sparknn.trainer.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The estimators inside a Pipeline and a CrossValidator, saved and loaded, predict as before. */
class PipelineTest {
    @TempDir
    Path tmp;

    /** The predictions of a frame, in id order. */
    private static List<Row> predictions(Dataset<Row> scored, String... columns) {
        return scored.orderBy("id").select("id", columns).collectAsList();
    }

    @Test
    void aPipelineWithAssemblerAndScalerRoundTripsThroughSaveAndLoad() throws Exception {
        Dataset<Row> rows =
                Rows.linear(300, 4).withColumn("id", org.apache.spark.sql.functions.monotonically_increasing_id());
        NeuralNetRegressor nn = new NeuralNetRegressor()
                .setNetwork("{\"input\": [3], \"layers\": [{\"type\": \"dense\", \"units\": 8}, {\"type\": \"tanh\"}, "
                        + "{\"type\": \"dense\", \"units\": 1}], \"loss\": \"mse\"}")
                .setOptimizer("{\"type\": \"adam\", \"lr\": 0.02}")
                .setLabelCol("y")
                .setEpochs(10)
                .setBatchSize(32)
                .setPartitions(2)
                .setFeaturesCol("scaled");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"a", "b", "c"}).setOutputCol("raw"),
            new StandardScaler().setInputCol("raw").setOutputCol("scaled"),
            nn
        });
        PipelineModel fitted = pipeline.fit(rows);
        Dataset<Row> scored = fitted.transform(rows);
        double rmse = new RegressionEvaluator().setLabelCol("y").evaluate(scored);
        assertTrue(rmse < 0.5, "rmse " + rmse + " (the target's spread is about 2.3)");
        NeuralNetRegressionModel model = (NeuralNetRegressionModel) fitted.stages()[2];
        assertEquals(0, model.summary().validationLoss().length, "no held-out rows by default");
        assertEquals(100, model.summary().objectiveHistory().length, "10 epochs of 10 steps");

        String path = tmp.resolve("pipeline").toString();
        fitted.write().save(path);
        pipeline.write().save(tmp.resolve("unfitted").toString());
        PipelineModel loaded = PipelineModel.load(path);
        assertEquals(predictions(scored, "prediction"), predictions(loaded.transform(rows), "prediction"));
        NeuralNetRegressionModel back = (NeuralNetRegressionModel) loaded.stages()[2];
        assertFalse(back.hasSummary());
        assertEquals(model.uid(), back.uid());
        assertEquals("scaled", back.getFeaturesCol());
        Pipeline unfitted = Pipeline.load(tmp.resolve("unfitted").toString());
        NeuralNetRegressor nnBack = (NeuralNetRegressor) unfitted.getStages()[2];
        assertEquals(nn.getNetwork(), nnBack.getNetwork());
        assertEquals(10, nnBack.getEpochs());
        assertEquals("y", nnBack.getLabelCol());
    }

    @Test
    void aCrossValidatorOverLrAndTwoNetworksRoundTripsThroughSaveAndLoad() throws Exception {
        Dataset<Row> rows = Rows.classes(240, 3, 5);
        NeuralNetClassifier nn =
                new NeuralNetClassifier().setEpochs(1).setBatchSize(16).setPartitions(2);
        String small = "{\"input\": [4], \"layers\": [{\"type\": \"dense\", \"units\": 3}]}";
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(nn.lr(), new double[] {0.001, 0.05})
                .addGrid(nn.network(), scala.jdk.javaapi.CollectionConverters.asScala(List.of(small, Rows.MLP3)))
                .build();
        CrossValidator cv = new CrossValidator()
                .setEstimator(nn)
                .setEstimatorParamMaps(grid)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
                .setNumFolds(2)
                .setSeed(3)
                .setParallelism(2);
        CrossValidatorModel fitted = cv.fit(rows);
        assertEquals(4, fitted.avgMetrics().length);
        NeuralNetClassifier best = (NeuralNetClassifier) fitted.bestModel().parent();
        assertEquals(
                0.05,
                best.getLr(),
                "the larger rate wins after one epoch: " + java.util.Arrays.toString(fitted.avgMetrics()));

        String path = tmp.resolve("cv").toString();
        fitted.write().save(path);
        CrossValidatorModel loaded = CrossValidatorModel.load(path);
        assertEquals(
                predictions(fitted.transform(rows), "probability", "prediction"),
                predictions(loaded.transform(rows), "probability", "prediction"));
        assertEquals(java.util.Arrays.toString(fitted.avgMetrics()), java.util.Arrays.toString(loaded.avgMetrics()));
        cv.write().save(tmp.resolve("cv-unfitted").toString());
        CrossValidator cvBack = CrossValidator.load(tmp.resolve("cv-unfitted").toString());
        assertEquals(4, cvBack.getEstimatorParamMaps().length);
        assertTrue(java.util.Arrays.stream(cvBack.getEstimatorParamMaps())
                .anyMatch(m -> m.apply(nn.network()).equals(Rows.MLP3)));
    }
}
