package io.sparknn.engine.train;

import io.sparknn.engine.Network;
import io.sparknn.engine.Storage;
import io.sparknn.engine.eval.Evaluator;
import io.sparknn.engine.eval.Metrics;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.Preprocessing;
import io.sparknn.engine.loss.LossKind;
import java.util.List;

/**
 * A model applied in this process: raw input rows (the model's saved preprocessing, if any, is
 * applied first, as the predict job does) to outputs as probabilities where the loss defines them
 * (softmax for {@code softmax_cross_entropy}, σ per output for {@code bce_with_logits}) and the
 * network's values otherwise (regression); and scores on labelled examples.
 */
public final class Predictor implements AutoCloseable {
    /** Rows run through the network at once. */
    private static final int CHUNK = 512;

    private final Model model;
    private final Network net;

    public Predictor(Model model) {
        this.model = model;
        this.net = model.toNetwork(Network.Options.of(model.precision(), 1));
    }

    /** One row per input row: class probabilities, per-output probabilities, or regression values. */
    public double[][] outputs(float[][] rows) {
        double[][] out = new double[rows.length][];
        int k = model.spec().output().size();
        forEachRow(rows, (row, y, off) -> out[row] = outputs(model.spec().loss(), y, off, k));
        return out;
    }

    /** The most probable class of each row (softmax models): the first largest logit. */
    public int[] classes(float[][] rows) {
        if (model.spec().loss() != LossKind.SOFTMAX_CROSS_ENTROPY) {
            throw new IllegalStateException("classes come from a softmax_cross_entropy model; this one is "
                    + model.spec().loss().text());
        }
        int[] c = new int[rows.length];
        int k = model.spec().output().size();
        forEachRow(rows, (row, y, off) -> c[row] = Evaluator.argmax(y, off, k));
        return c;
    }

    /** Where a row's network outputs are: {@code y[off, off + outputs)}. */
    private interface RowOutputs {
        void accept(int row, Storage y, int off);
    }

    /** Runs the rows through the preprocessing and the network in chunks. */
    private void forEachRow(float[][] rows, RowOutputs to) {
        int width = model.spec().input().size();
        int k = model.spec().output().size();
        for (int from = 0; from < rows.length; from += CHUNK) {
            int n = Math.min(CHUNK, rows.length - from);
            float[] x = new float[n * width];
            for (int i = 0; i < n; i++) {
                float[] row = rows[from + i];
                if (row.length != width) {
                    throw new IllegalArgumentException(
                            "row " + (from + i) + " has " + row.length + " values, the model takes " + width);
                }
                System.arraycopy(row, 0, x, i * width, width);
            }
            Preprocessing pre = model.preprocessing();
            if (pre != null) {
                pre.apply(x, x.length / pre.inputWidth());
            }
            Storage in = Storage.allocate(net.precision(), x.length);
            in.copyFrom(x, 0, 0, x.length);
            Storage y = net.predict(in, n);
            for (int i = 0; i < n; i++) {
                to.accept(from + i, y, i * k);
            }
        }
    }

    /**
     * Loss and metrics on labelled examples, already preprocessed as the network takes them (as
     * {@link Trainer#fit} takes them): accuracy and the confusion matrix for classes, precision,
     * recall and F1 per output for {@code bce_with_logits}, MSE, MAE and R² for regression.
     */
    public Metrics evaluate(ExampleBlock data) {
        List<String> names = model.preprocessing() == null
                ? List.of()
                : model.preprocessing().labelNames();
        return new Metrics(Evaluator.score(net, data), names);
    }

    /**
     * The output values of one row of logits {@code y[off, off + k)} under {@code loss}: softmax
     * probabilities, σ of each logit, or the values themselves.
     */
    public static double[] outputs(LossKind loss, Storage y, int off, int k) {
        double[] v = new double[k];
        for (int j = 0; j < k; j++) {
            v[j] = y.get(off + j);
        }
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> {
                double max = v[Evaluator.argmax(y, off, k)];
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += Math.exp(v[j] - max);
                }
                for (int j = 0; j < k; j++) {
                    v[j] = Math.exp(v[j] - max) / sum;
                }
            }
            case BCE_WITH_LOGITS -> {
                for (int j = 0; j < k; j++) {
                    v[j] = 1 / (1 + Math.exp(-v[j]));
                }
            }
            case MSE -> {}
        }
        return v;
    }

    @Override
    public void close() {
        net.close();
    }
}
