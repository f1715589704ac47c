package io.sparknn.trainer.data;

import io.sparknn.trainer.config.DataFormat;
import io.sparknn.trainer.config.LabelType;
import io.sparknn.trainer.config.TableData;
import io.sparknn.trainer.config.TableLayout;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parquet files and Spark SQL tables: features from one vector column ({@code ml.linalg} or
 * {@code mllib.linalg}), one array column, or every numeric column but the label
 * ({@code features_column: "*"}); the label from a numeric column (class index or regression
 * value) or a string column (class names, indexed in sorted order). Rows are streamed to the
 * driver a partition at a time, in the table's order, or parsed where the partitions are.
 * Errors name the table and the row.
 */
public final class TableReader {
    /** The number of cores a table's file scan is planned for. */
    static final int PLANNED_CORES = 128;

    private TableReader() {}

    /** @param classes the network's outputs: a class index at or above is an error naming the row (0 = unchecked) */
    public static io.sparknn.trainer.data.Dataset read(
            SparkSession spark, TableData c, String location, List<String> knownLabels, int classes) {
        Dataset<Row> df = frame(spark, c, location);
        Columns columns = columns(df.schema(), c, location);
        ParsedExamples p = columns.parse(rowsSplitWithoutCores(spark, df).toLocalIterator(), location, classes);
        if (p.n == 0) {
            throw DataException.of(location, "no rows");
        }
        return DatasetReader.combine(location, List.of(p), knownLabels);
    }

    /**
     * The table parsed where its partitions are, one {@link ParsedPart} per partition in the
     * table's order, rows counted from 1 in each (the driver adds the rows before).
     */
    public static JavaRDD<ParsedPart> parts(SparkSession spark, TableData c, String location, int classes) {
        Dataset<Row> df = frame(spark, c, location);
        Columns columns = columns(df.schema(), c, location);
        return rowsSplitWithoutCores(spark, df)
                .mapPartitionsWithIndex(
                        (i, rows) -> {
                            try {
                                return List.of(ParsedPart.of(i, columns.parse(rows, location, classes)))
                                        .iterator();
                            } catch (DataException e) {
                                return List.of(ParsedPart.failed(i, location, e))
                                        .iterator();
                            }
                        },
                        true);
    }

    /**
     * The frame's rows with the file splits planned as on {@value #PLANNED_CORES} cores, whatever
     * the cluster has. Spark cuts a file scan into splits of about (total bytes / cores), so the
     * order of a table's rows, and with it every example's id, the holdout and each minibatch, would
     * change with the cluster's size. With a fixed minimum number of partitions the splits depend on
     * the files and on {@code spark.sql.files.maxPartitionBytes} and {@code openCostInBytes} alone
     * (and a large table still parses in many tasks). The setting is the session's: it is restored
     * once the partitions are fixed, under the session's lock so two reads do not interleave.
     */
    private static JavaRDD<Row> rowsSplitWithoutCores(SparkSession spark, Dataset<Row> df) {
        String key = "spark.sql.files.minPartitionNum";
        synchronized (spark) {
            scala.Option<String> before = spark.conf().getOption(key);
            spark.conf().set(key, String.valueOf(PLANNED_CORES));
            try {
                JavaRDD<Row> rows = df.javaRDD();
                rows.partitions(); // planned now, under the setting
                return rows;
            } finally {
                if (before.isDefined()) {
                    spark.conf().set(key, before.get());
                } else {
                    spark.conf().unset(key);
                }
            }
        }
    }

    private static Dataset<Row> frame(SparkSession spark, TableData c, String location) {
        if (c.format() == DataFormat.PARQUET) {
            ParquetFiles.requireWhole(
                    org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()),
                    location,
                    Boolean.parseBoolean(spark.conf().get("spark.sql.files.ignoreCorruptFiles", "false")));
        }
        try {
            return c.format() == DataFormat.TABLE
                    ? spark.table(location)
                    : spark.read().parquet(location);
        } catch (Exception e) {
            // SparkException: a file that is not Parquet (its footer cannot be read)
            if (e instanceof AnalysisException
                    || e instanceof SparkException
                    || e.getCause() instanceof java.io.FileNotFoundException) {
                throw DataException.of(location, "cannot read " + c.format().text() + ": " + firstLine(e.getMessage()));
            }
            throw e;
        }
    }

    private static Columns columns(StructType schema, TableData c, String location) {
        TableLayout.Sql layout = (TableLayout.Sql) c.layout();
        if (c.labels() == LabelType.NONE) {
            // rows to predict on: the label column may be there (left out of the features) or not
            int label = java.util.Arrays.asList(schema.fieldNames()).indexOf(layout.labelColumnName());
            return new Columns(
                    label,
                    featureFields(schema, layout.featuresColumn(), label, location),
                    layout.featuresColumn().equals("*"),
                    LabelKind.NONE);
        }
        int label = field(schema, layout.labelColumnName(), location, "label");
        List<Integer> features = featureFields(schema, layout.featuresColumn(), label, location);
        DataType labelType = schema.fields()[label].dataType();
        boolean names = labelType.equals(DataTypes.StringType);
        if (!names && !(labelType instanceof NumericType)) {
            throw DataException.of(
                    location,
                    "label column '" + layout.labelColumnName() + "' is " + labelType.simpleString()
                            + "; a number or a string is needed");
        }
        return new Columns(
                label,
                features,
                layout.featuresColumn().equals("*"),
                names ? LabelKind.STRING : c.labels() == LabelType.FLOAT ? LabelKind.FLOAT : LabelKind.CLASS_INDEX);
    }

    /** Where a table's features and label are, checked against its schema on the driver. */
    private record Columns(int label, List<Integer> features, boolean columns, LabelKind kind) implements Serializable {
        ParsedExamples parse(Iterator<Row> it, String location, int classes) {
            RowsBuilder rows = new RowsBuilder(location, kind);
            long n = 0;
            float[] buf = null;
            int width = -1;
            while (hasNext(it, location, n)) {
                Row r = it.next();
                n++;
                buf = TableReader.features(r, features, columns, buf, location, n);
                if (width < 0) {
                    width = buf.length;
                } else if (buf.length != width) {
                    throw DataException.atRow(
                            location, n, "has " + buf.length + " features where the rows before it have " + width);
                }
                if (kind != LabelKind.NONE && r.isNullAt(label)) {
                    throw DataException.atRow(location, n, "the label is null");
                }
                switch (kind) {
                    case NONE -> rows.add(buf, width, 0, null, 0, n);
                    case STRING -> rows.add(buf, width, 0, r.getString(label), 0, n);
                    case FLOAT ->
                        rows.add(
                                buf,
                                width,
                                0,
                                null,
                                toFloat(((Number) r.get(label)).doubleValue(), location, n, "the label"),
                                n);
                    default -> {
                        double v = ((Number) r.get(label)).doubleValue();
                        if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                            throw DataException.atRow(
                                    location, n, "label " + v + " is not a class index (an integer >= 0)");
                        }
                        rows.add(buf, width, (int) v, null, 0, n);
                    }
                }
            }
            width = Math.max(width, 0);
            // rows, not lines: a table's errors name rows
            ParsedExamples p = rows.build(width, new int[] {width}, List.of()).withoutLines();
            return kind == LabelKind.NONE ? p.withDummyLabels() : p.requireClassesBelow(classes);
        }
    }

    /**
     * {@code it.hasNext()}, which reads the next partition's files: a file that cannot be decoded
     * (a damaged page, a checksum error) is a data error naming the table and the rows read so far.
     */
    private static boolean hasNext(Iterator<Row> it, String location, long rowsRead) {
        try {
            return it.hasNext();
        } catch (Exception e) {
            if (e instanceof SparkException || e.getCause() instanceof java.io.IOException) {
                throw DataException.atRow(
                        location, rowsRead + 1, "cannot read the file holding it: " + firstLine(e.getMessage()));
            }
            throw e;
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.split("\n")[0];
    }

    private static int field(StructType schema, String name, String location, String role) {
        for (int i = 0; i < schema.fields().length; i++) {
            if (schema.fields()[i].name().equals(name)) {
                return i;
            }
        }
        throw DataException.of(
                location,
                "no " + role + " column '" + name + "' (columns: " + String.join(", ", schema.fieldNames()) + ")");
    }

    private static List<Integer> featureFields(StructType schema, String name, int label, String location) {
        List<Integer> out = new ArrayList<>();
        if (name.equals("*")) {
            StructField[] f = schema.fields();
            for (int i = 0; i < f.length; i++) {
                if (i != label && f[i].dataType() instanceof NumericType) {
                    out.add(i);
                }
            }
            if (out.isEmpty()) {
                throw DataException.of(location, "no numeric feature columns besides the label");
            }
            return out;
        }
        out.add(field(schema, name, location, "features"));
        return out;
    }

    /** The row's features, in a reused array when the width stays the same. */
    private static float[] features(
            Row r, List<Integer> fields, boolean columns, float[] buf, String location, long row) {
        if (columns) {
            float[] x = buf != null && buf.length == fields.size() ? buf : new float[fields.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = finite(r, fields.get(i), location, row);
            }
            return x;
        }
        int f = fields.get(0);
        if (r.isNullAt(f)) {
            throw DataException.atRow(location, row, "the features are null");
        }
        Object v = r.get(f);
        double[] d;
        if (v instanceof org.apache.spark.ml.linalg.Vector vec) {
            d = vec.toArray();
        } else if (v instanceof org.apache.spark.mllib.linalg.Vector vec) {
            d = vec.toArray();
        } else if (v instanceof scala.collection.Seq<?> seq) {
            d = new double[seq.size()];
            for (int i = 0; i < d.length; i++) {
                Object e = seq.apply(i);
                if (!(e instanceof Number num)) {
                    throw DataException.atRow(
                            location,
                            row,
                            "feature " + (i + 1) + " is "
                                    + (e == null
                                            ? "null"
                                            : "'" + e + "' (" + e.getClass().getSimpleName() + ")")
                                    + "; a number is needed");
                }
                d[i] = num.doubleValue();
            }
        } else if (v instanceof Number num) {
            d = new double[] {num.doubleValue()};
        } else {
            throw DataException.atRow(
                    location,
                    row,
                    "the features column holds " + v.getClass().getSimpleName()
                            + "; a vector, an array or a number is needed");
        }
        float[] x = buf != null && buf.length == d.length ? buf : new float[d.length];
        for (int i = 0; i < d.length; i++) {
            x[i] = toFloat(d[i], location, row, "feature " + (i + 1));
        }
        return x;
    }

    /** {@code v} as a float: NaN, infinities and values beyond the float range would poison every gradient. */
    private static float toFloat(double v, String location, long row, String what) {
        if (!Double.isFinite(v)) {
            throw DataException.atRow(location, row, what + " is " + v);
        }
        if (Math.abs(v) > Float.MAX_VALUE) {
            throw DataException.atRow(location, row, what + " is " + v + ", beyond the float range");
        }
        return (float) v;
    }

    private static float finite(Row r, int i, String location, long row) {
        if (r.isNullAt(i)) {
            throw DataException.atRow(
                    location, row, "column '" + r.schema().fields()[i].name() + "' is null");
        }
        return toFloat(
                ((Number) r.get(i)).doubleValue(),
                location,
                row,
                "column '" + r.schema().fields()[i].name() + "'");
    }
}
