package io.sparknn.trainer.ml;

import io.sparknn.trainer.SparkTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small frames for the estimator tests: clusters of classes, a linear target, on the shared local[2] context. */
final class Rows {
    private Rows() {}

    static SparkSession spark() {
        SparkTestContext.get();
        return SparkSession.builder().getOrCreate();
    }

    /** {@code n} rows of 4 features around one of {@code classes} centres, the class an int label 0.. (id, features, label). */
    static Dataset<Row> classes(int n, int classes, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(classes);
            double[] x = new double[4];
            for (int j = 0; j < 4; j++) {
                x[j] = (j == c % 4 ? 2.0 : 0.0) + (c >= 4 && j == 0 ? -2 : 0) + 0.7 * r.nextGaussian();
            }
            rows.add(RowFactory.create(i, Vectors.dense(x), c));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.IntegerType);
        return spark().createDataFrame(rows, schema);
    }

    /**
     * {@code n} rows of 4 features and a double target 1.5x0 − x1 + 0.5x2·x3 + noise, never a whole
     * number (id, features, label).
     */
    static Dataset<Row> targets(int n, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = new double[4];
            for (int j = 0; j < 4; j++) {
                x[j] = r.nextGaussian();
            }
            double y = 1.5 * x[0] - x[1] + 0.5 * x[2] * x[3] + 0.1 * r.nextGaussian();
            rows.add(RowFactory.create(i, Vectors.dense(x), y));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType);
        return spark().createDataFrame(rows, schema);
    }

    /** {@code n} rows of three numeric columns a, b, c and a double target y = a − 2b + 0.5c + noise. */
    static Dataset<Row> linear(int n, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            double c = r.nextGaussian();
            rows.add(RowFactory.create(a, b, c, a - 2 * b + 0.5 * c + 0.05 * r.nextGaussian()));
        }
        StructType schema = new StructType()
                .add("a", DataTypes.DoubleType)
                .add("b", DataTypes.DoubleType)
                .add("c", DataTypes.DoubleType)
                .add("y", DataTypes.DoubleType);
        return spark().createDataFrame(rows, schema);
    }

    /** 4 inputs, a hidden layer with dropout (the seed's other use), one output under mse. */
    static final String MSE1 =
            "{\"input\": [4], \"layers\": [{\"type\": \"dense\", \"units\": 8}, {\"type\": \"tanh\"}, "
                    + "{\"type\": \"dropout\", \"p\": 0.1}, {\"type\": \"dense\", \"units\": 1}], \"loss\": \"mse\"}";

    static final String MLP3 =
            "{\"input\": [4], \"layers\": [{\"type\": \"dense\", \"units\": 8}, {\"type\": \"relu\"}, "
                    + "{\"type\": \"dropout\", \"p\": 0.1}, {\"type\": \"dense\", \"units\": 3}], \"loss\": \"softmax_cross_entropy\"}";
}
