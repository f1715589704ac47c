package io.sparknn.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.config.CacheLevel;
import io.sparknn.trainer.config.DataFormat;
import io.sparknn.trainer.config.LabelType;
import io.sparknn.trainer.config.ScalingKind;
import io.sparknn.trainer.config.TableData;
import io.sparknn.trainer.config.TableLayout;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet input: vector, numeric-column and string-label tables, and errors naming the table and row. */
class TableReaderTest {
    @TempDir
    Path tmp;

    static TableData config(String features, LabelType labels) {
        return new TableData(
                DataFormat.PARQUET,
                "x",
                null,
                0.2,
                labels,
                ScalingKind.NONE,
                1,
                CacheLevel.MEMORY_AND_DISK,
                new TableLayout.Sql(features, "label"));
    }

    static SparkSession spark() {
        SparkTestContext.get();
        return SparkSession.builder().getOrCreate();
    }

    @Test
    void vectorFeaturesAndIntegerLabels() {
        StructType schema = new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
        String path = tmp.resolve("v.parquet").toString();
        spark().createDataFrame(
                        List.of(
                                RowFactory.create(Vectors.dense(1, 2, 3), 1.0),
                                RowFactory.create(Vectors.sparse(3, new int[] {1}, new double[] {5}), 0.0)),
                        schema)
                .coalesce(1)
                .write()
                .parquet(path);
        Dataset d = DatasetReader.read(
                config("features", LabelType.INT),
                path,
                null,
                SparkTestContext.get().hadoopConfiguration(),
                null,
                3);
        assertEquals(2, d.examples().n);
        assertArrayEquals(new float[] {1, 2, 3, 0, 5, 0}, d.examples().features);
        assertArrayEquals(new int[] {1, 0}, d.examples().labels);
        assertEquals(2, d.classes());
    }

    @Test
    void numericColumnsAndStringLabels() {
        StructType schema = new StructType()
                .add("a", DataTypes.IntegerType)
                .add("label", DataTypes.StringType)
                .add("b", DataTypes.FloatType);
        String path = tmp.resolve("s.parquet").toString();
        List<Row> rows = List.of(RowFactory.create(1, "versicolor", 0.5f), RowFactory.create(2, "setosa", 1.5f));
        spark().createDataFrame(rows, schema).coalesce(1).write().parquet(path);
        Dataset d = DatasetReader.read(
                config("*", LabelType.STRING),
                path,
                null,
                SparkTestContext.get().hadoopConfiguration(),
                null,
                2);
        assertArrayEquals(new float[] {1, 0.5f, 2, 1.5f}, d.examples().features);
        assertEquals(List.of("setosa", "versicolor"), d.labelNames());
        assertArrayEquals(new int[] {1, 0}, d.examples().labels);
    }

    @Test
    void errorsNameTheTableAndTheRow() {
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
        String path = tmp.resolve("bad.parquet").toString();
        spark().createDataFrame(List.of(RowFactory.create(1.0, 0.0), RowFactory.create(Double.NaN, 1.0)), schema)
                .coalesce(1)
                .write()
                .parquet(path);
        DataException nan = assertThrows(
                DataException.class,
                () -> DatasetReader.read(
                        config("*", LabelType.INT),
                        path,
                        null,
                        SparkTestContext.get().hadoopConfiguration(),
                        null,
                        1));
        assertEquals(path + " row 2: column 'a' is NaN", nan.getMessage());
        DataException missing = assertThrows(
                DataException.class,
                () -> DatasetReader.read(
                        config("pixels", LabelType.INT),
                        path,
                        null,
                        SparkTestContext.get().hadoopConfiguration(),
                        null,
                        1));
        assertEquals(path + ": no features column 'pixels' (columns: a, label)", missing.getMessage());
        DataException absent = assertThrows(
                DataException.class,
                () -> DatasetReader.read(
                        config("*", LabelType.INT),
                        tmp.resolve("nothing.parquet").toString(),
                        null,
                        SparkTestContext.get().hadoopConfiguration(),
                        null,
                        1));
        assertEquals(
                true,
                absent.getMessage().equals(tmp.resolve("nothing.parquet") + ": file not found"),
                absent.getMessage());
    }
}
