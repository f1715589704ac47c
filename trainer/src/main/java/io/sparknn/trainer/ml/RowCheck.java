package io.sparknn.trainer.ml;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows a fit trains on, checked in one Spark job before anything is trained: the features
 * are vectors of the network's input width with finite values in the float range, the labels are
 * what the task takes (a class index below the network's classes, 0 or 1 for one logit, a finite
 * value for regression). The first problem in the rows' order (the order {@code zipWithIndex}
 * numbers them in, from 0) is one {@link IllegalArgumentException} naming the column, the row and
 * the value.
 *
 * @param width   the network's input width
 * @param classes the network's classes (softmax), 0 otherwise
 */
record RowCheck(String featuresCol, String labelCol, int width, FitConfig.Task task, int classes)
        implements Serializable {

    /**
     * What one partition found: its rows, and the first problem with its position, if any (a class,
     * not a record: Kryo's field serializer, which the trainer's jobs use, cannot make records).
     */
    private static final class Part implements Serializable {
        private static final long serialVersionUID = 1L;
        long rows;
        long at;
        String problem;

        Part() {}

        Part(long rows, long at, String problem) {
            this.rows = rows;
            this.at = at;
            this.problem = problem;
        }
    }

    void check(Dataset<?> data) {
        List<Part> parts = data.select(featuresCol, labelCol)
                .toJavaRDD()
                .mapPartitions(rows -> List.of(scan(rows)).iterator())
                .collect();
        long before = 0;
        for (Part p : parts) {
            if (p.problem != null) {
                throw new IllegalArgumentException("row " + (before + p.at) + ": " + p.problem);
            }
            before += p.rows;
        }
    }

    private Part scan(Iterator<Row> rows) {
        long n = 0;
        while (rows.hasNext()) {
            String problem = problem(rows.next());
            if (problem != null) {
                return new Part(n + 1, n, problem);
            }
            n++;
        }
        return new Part(n, -1, null);
    }

    /** What is wrong with a row, or null. */
    String problem(Row r) {
        if (r.isNullAt(0)) {
            return "column '" + featuresCol + "' is null";
        }
        Vector x = (Vector) r.get(0);
        if (x.size() != width) {
            return "column '" + featuresCol + "' has " + x.size() + " values, but the network takes " + width;
        }
        for (int i = 0; i < x.size(); i++) {
            double v = x.apply(i);
            if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                return "column '" + featuresCol + "' holds " + v + " at index " + i
                        + (Double.isFinite(v) ? " (beyond the float range)" : "") + "; features must be finite";
            }
        }
        if (r.isNullAt(1)) {
            return "column '" + labelCol + "' is null";
        }
        double y = ((Number) r.get(1)).doubleValue();
        return switch (task) {
            case SOFTMAX ->
                y >= 0 && y < classes && y == Math.rint(y)
                        ? null
                        : "column '" + labelCol + "' holds " + y + ", not a class index: the network's " + classes
                                + " classes are 0 to " + (classes - 1);
            case BINARY ->
                y == 0 || y == 1
                        ? null
                        : "column '" + labelCol + "' holds " + y + ", not a class: a network with one logit "
                                + "(bce_with_logits) takes labels 0 and 1";
            case REGRESSION ->
                Double.isFinite(y) && Math.abs(y) <= Float.MAX_VALUE
                        ? null
                        : "column '" + labelCol + "' holds " + y + "; a regression target must be finite";
        };
    }
}
