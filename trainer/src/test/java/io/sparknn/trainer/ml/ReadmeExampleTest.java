package io.sparknn.trainer.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The README's Spark ML example, compiled and run here; the README holds the same text. */
class ReadmeExampleTest {
    /** Four numeric columns x1..x4 and an int label 0..2. */
    private static Dataset<Row> table(int n, long seed) {
        Dataset<Row> rows =
                Rows.classes(n, 3, seed).withColumn("x", functions.vector_to_array(col("features"), "float64"));
        return rows.select(
                col("x").getItem(0).as("x1"),
                col("x").getItem(1).as("x2"),
                col("x").getItem(2).as("x3"),
                col("x").getItem(3).as("x4"),
                col("label"));
    }

    private static Dataset<Row> example(Dataset<Row> train, Dataset<Row> test) {
        // README:begin
        VectorAssembler features = new VectorAssembler()
                .setInputCols(new String[] {"x1", "x2", "x3", "x4"})
                .setOutputCol("features");
        NeuralNetClassifier nn = new NeuralNetClassifier()
                .setNetwork("{\"input\": [4], \"layers\": [{\"type\": \"dense\", \"units\": 16}, {\"type\": \"relu\"}, "
                        + "{\"type\": \"dense\", \"units\": 3}]}")
                .setEpochs(20);
        PipelineModel model =
                new Pipeline().setStages(new PipelineStage[] {features, nn}).fit(train);
        Dataset<Row> scored = model.transform(test); // every column of test, rawPrediction, probability, prediction
        // README:end
        return scored;
    }

    @Test
    void theReadmesExampleTrainsAndPredicts() throws Exception {
        Dataset<Row> scored = example(table(400, 8), table(200, 9));
        double accuracy = new MulticlassClassificationEvaluator()
                .setMetricName("accuracy")
                .evaluate(scored);
        assertTrue(accuracy > 0.85, "accuracy " + accuracy);
    }

    @Test
    void theReadmeShowsThisExample() throws Exception {
        String source = Files.readString(
                Path.of("src/test/java/io/sparknn/trainer/ml/ReadmeExampleTest.java"), StandardCharsets.UTF_8);
        String code = source.substring(
                source.indexOf("// README:begin") + "// README:begin".length(),
                source.indexOf("        // README:end"));
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        String squeezed = readme.replaceAll("\\s+", "");
        for (String statement : List.of(code.split(";"))) {
            String s = statement.replaceAll("\\s+", "");
            assertTrue(squeezed.contains(s), "README.md lacks the example's statement: " + statement.strip());
        }
    }
}
