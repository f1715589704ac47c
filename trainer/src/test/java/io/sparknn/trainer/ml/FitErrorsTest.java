package io.sparknn.trainer.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a fit cannot train on is one {@link IllegalArgumentException} naming the column, the row and
 * the value (or the param and its job-config key) before anything is trained: the checkpoint
 * directory stays empty.
 */
class FitErrorsTest {
    @TempDir
    Path tmp;

    private NeuralNetClassifier classifier() {
        return new NeuralNetClassifier()
                .setNetwork(Rows.MLP3)
                .setEpochs(1)
                .setCheckpointDir(tmp.resolve("runs").toString());
    }

    /** Rows 0..4 of good features and labels, then one with these features and label. */
    private static Dataset<Row> withRow5(double[] features, double label) {
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(RowFactory.create(Vectors.dense(1, 0, 0, i), (double) (i % 3)));
        }
        rows.add(RowFactory.create(Vectors.dense(features), label));
        StructType schema =
                new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
        return Rows.spark().createDataFrame(rows, schema).repartition(1);
    }

    private IllegalArgumentException refused(NeuralNetClassifier c, Dataset<Row> rows) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.fit(rows));
        assertFalse(Files.exists(tmp.resolve("runs")), "nothing trained: " + e.getMessage());
        return e;
    }

    @Test
    void aNaNFeatureNamesTheColumnRowAndValue() {
        assertEquals(
                "row 5: column 'features' holds NaN at index 2; features must be finite",
                refused(classifier(), withRow5(new double[] {0, 1, Double.NaN, 3}, 0))
                        .getMessage());
    }

    @Test
    void aLabelThatIsNotAClassIndexIsRefused() {
        assertEquals(
                "row 5: column 'label' holds 1.5, not a class index: the network's 3 classes are 0 to 2",
                refused(classifier(), withRow5(new double[] {0, 1, 2, 3}, 1.5)).getMessage());
        assertEquals(
                "row 5: column 'label' holds 3.0, not a class index: the network's 3 classes are 0 to 2",
                refused(classifier(), withRow5(new double[] {0, 1, 2, 3}, 3)).getMessage());
    }

    @Test
    void anInputWidthThatIsNotTheNetworksIsRefused() {
        assertEquals(
                "row 5: column 'features' has 3 values, but the network takes 4",
                refused(classifier(), withRow5(new double[] {0, 1, 2}, 0)).getMessage());
    }

    @Test
    void aColumnOfTheWrongTypeIsRefusedByMllibsSchemaCheck() {
        Dataset<Row> strings = Rows.spark()
                .createDataFrame(
                        List.of(RowFactory.create(Vectors.dense(1, 2, 3, 4), "a")),
                        new StructType()
                                .add("features", SQLDataTypes.VectorType())
                                .add("label", DataTypes.StringType));
        String m = refused(classifier(), strings).getMessage();
        assertTrue(m.contains("Column label must be of type numeric but was actually of type string"), m);
    }

    @Test
    void aNetworkThatIsNotAClassifiersIsRefused() {
        String mse = "{\"input\": [4], \"layers\": [{\"type\": \"dense\", \"units\": 1}], \"loss\": \"mse\"}";
        String m = refused(classifier().setNetwork(mse), withRow5(new double[] {0, 1, 2, 3}, 0))
                .getMessage();
        assertTrue(
                m.endsWith(": a classifier's network ends in one output per class with loss softmax_cross_entropy, "
                        + "or in one logit with bce_with_logits; this one has loss mse (for regression use "
                        + "NeuralNetRegressor)"),
                m);
    }

    @Test
    void aBadNetworkHasTheJobConfigsError() {
        String zero = "{\"input\": [4], \"layers\": [{\"type\": \"dense\", \"units\": 0}]}";
        NeuralNetClassifier c = classifier().setNetwork(zero);
        String m = refused(c, withRow5(new double[] {0, 1, 2, 3}, 0)).getMessage();
        assertEquals(c.uid() + ": key 'network.layers[0].units' must be an integer >= 1, got 0", m);
    }

    @Test
    void aParamOutOfRangeIsRefusedWhenSet() {
        assertThrows(IllegalArgumentException.class, () -> new NeuralNetClassifier().setBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> new NeuralNetClassifier().setValidationFraction(0.95));
        assertThrows(IllegalArgumentException.class, () -> new NeuralNetClassifier().setNetwork("[1, 2]"));
        assertThrows(IllegalArgumentException.class, () -> new NeuralNetClassifier().setAggregation("depth_3"));
    }
}
