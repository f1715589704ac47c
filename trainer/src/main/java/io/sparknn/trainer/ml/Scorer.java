package io.sparknn.trainer.ml;

import io.sparknn.engine.Network;
import io.sparknn.engine.Storage;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.Preprocessing;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.train.Predictor;
import io.sparknn.engine.train.Weights;
import io.sparknn.trainer.spark.NetworkCache;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A model applied where the rows are: the weights broadcast once per {@link #transform} call, each
 * partition's rows run through a network borrowed from the executor's {@link NetworkCache} in
 * batches of {@value #BATCH}, every input column kept and the output columns appended. Features
 * reach the network as floats, as they reached it in training. Classes: the logits as
 * {@code rawPrediction} and their softmax as {@code probability}; one logit z ({@code
 * bce_with_logits}) as [−z, z] and [1−σ(z), σ(z)]; the prediction the class of the largest
 * probability (divided by its threshold when thresholds are set, as MLlib). Regression: the value.
 *
 * @param raw          the raw prediction column, or empty for none (as {@link #probability}, {@link #prediction})
 * @param thresholds   MLlib's class thresholds, or null
 */
record Scorer(String featuresCol, String raw, String probability, String prediction, double[] thresholds)
        implements Serializable {
    private static final int BATCH = 512;

    /** The columns this scorer appends to {@code in}. */
    StructType schema(StructType in) {
        StructType out = in;
        if (!raw.isEmpty()) {
            out = out.add(raw, SQLDataTypes.VectorType(), false);
        }
        if (!probability.isEmpty()) {
            out = out.add(probability, SQLDataTypes.VectorType(), false);
        }
        if (!prediction.isEmpty()) {
            out = out.add(prediction, DataTypes.DoubleType, false);
        }
        return out;
    }

    Dataset<Row> transform(Dataset<?> data, Model model) {
        StructType out = schema(data.schema());
        int column = data.schema().fieldIndex(featuresCol);
        JavaSparkContext sc =
                JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        // not destroyed here: the frame is computed later, as often as it is used; Spark's cleaner drops it
        Broadcast<Weights> weights = sc.broadcast(Weights.of(model));
        // the scaling travels as its arrays (Preprocessing is not Serializable), as DistributedDataset ships it
        Preprocessing pre = model.preprocessing();
        double[] offset = pre == null || pre.isIdentity() ? null : pre.offset();
        double[] scale = pre == null || pre.isIdentity() ? null : pre.scale();
        int preWidth = pre == null ? 0 : pre.inputWidth();
        LossKind loss = model.spec().loss();
        return data.sparkSession()
                .createDataFrame(
                        data.toDF()
                                .javaRDD()
                                .mapPartitions(rows -> score(
                                        rows,
                                        column,
                                        weights.value(),
                                        offset == null && scale == null
                                                ? null
                                                : new Preprocessing(preWidth, offset, scale, List.of()),
                                        loss)),
                        out);
    }

    private Iterator<Row> score(Iterator<Row> rows, int column, Weights w, Preprocessing pre, LossKind loss) {
        if (!rows.hasNext()) {
            return rows;
        }
        Network net = NetworkCache.borrow(w, 1);
        try {
            int width = net.spec().input().size();
            int k = net.spec().output().size();
            List<Row> out = new ArrayList<>();
            List<Row> batch = new ArrayList<>(BATCH);
            float[] x = new float[BATCH * width];
            while (rows.hasNext()) {
                Row r = rows.next();
                features(r, column, width, x, batch.size() * width);
                batch.add(r);
                if (batch.size() == BATCH || !rows.hasNext()) {
                    if (pre != null && !pre.isIdentity()) {
                        pre.apply(x, batch.size());
                    }
                    Storage in = Storage.allocate(net.precision(), batch.size() * width);
                    in.copyFrom(x, 0, 0, batch.size() * width);
                    Storage y = net.predict(in, batch.size());
                    for (int i = 0; i < batch.size(); i++) {
                        out.add(row(batch.get(i), y, i * k, k, loss));
                    }
                    batch.clear();
                }
            }
            return out.iterator();
        } finally {
            NetworkCache.giveBack(net);
        }
    }

    /** The network's outputs (logits, or a regression's values) for one row of features, on this thread. */
    static double[] outputs(Network net, Preprocessing pre, Vector v) {
        int width = net.spec().input().size();
        if (v.size() != width) {
            throw new IllegalArgumentException(
                    "the features have " + v.size() + " values, but the network takes " + width);
        }
        float[] x = new float[width];
        for (int j = 0; j < width; j++) {
            x[j] = (float) v.apply(j);
        }
        if (pre != null && !pre.isIdentity()) {
            pre.apply(x, 1);
        }
        Storage in = Storage.allocate(net.precision(), width);
        in.copyFrom(x, 0, 0, width);
        Storage y = net.predict(in, 1);
        double[] out = new double[net.spec().output().size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = y.get(j);
        }
        return out;
    }

    private void features(Row r, int column, int width, float[] x, int at) {
        if (r.isNullAt(column)) {
            throw new IllegalArgumentException("column '" + featuresCol + "' is null in row " + r);
        }
        Vector v = (Vector) r.get(column);
        if (v.size() != width) {
            throw new IllegalArgumentException(
                    "column '" + featuresCol + "' has " + v.size() + " values, but the network takes " + width);
        }
        for (int j = 0; j < width; j++) {
            x[at + j] = (float) v.apply(j);
        }
    }

    private Row row(Row in, Storage y, int off, int k, LossKind loss) {
        List<Object> values = new ArrayList<>(in.size() + 3);
        for (int i = 0; i < in.size(); i++) {
            values.add(in.get(i));
        }
        if (loss == LossKind.MSE) {
            if (!prediction.isEmpty()) {
                values.add(y.get(off));
            }
            return RowFactory.create(values.toArray());
        }
        double[] rawValues;
        double[] p;
        if (loss == LossKind.BCE_WITH_LOGITS) {
            double z = y.get(off);
            double s = Predictor.outputs(loss, y, off, 1)[0];
            rawValues = new double[] {-z, z};
            p = new double[] {1 - s, s};
        } else {
            rawValues = new double[k];
            for (int j = 0; j < k; j++) {
                rawValues[j] = y.get(off + j);
            }
            p = Predictor.outputs(loss, y, off, k);
        }
        if (!raw.isEmpty()) {
            values.add(new DenseVector(rawValues));
        }
        if (!probability.isEmpty()) {
            values.add(new DenseVector(p));
        }
        if (!prediction.isEmpty()) {
            values.add((double) predicted(p));
        }
        return RowFactory.create(values.toArray());
    }

    /** MLlib's rule: the class of the largest probability, divided by its threshold when there are thresholds. */
    private int predicted(double[] p) {
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < p.length; j++) {
            double v = thresholds == null ? p[j] : thresholds[j] == 0 ? Double.POSITIVE_INFINITY : p[j] / thresholds[j];
            if (v > bestValue) {
                best = j;
                bestValue = v;
            }
        }
        return best;
    }
}
