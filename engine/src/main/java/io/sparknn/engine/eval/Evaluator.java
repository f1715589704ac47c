package io.sparknn.engine.eval;

import io.sparknn.engine.Batch;
import io.sparknn.engine.LossResult;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.SoftmaxCrossEntropy;
import io.sparknn.engine.loss.Targets;
import io.sparknn.engine.train.ExampleBlock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Evaluation of a held-out set: each partition scores its block in inference mode in chunks and
 * returns mergeable sums; the driver adds them in partition order. Used distributed (through
 * {@link SparkEvaluation}) and in-process alike. What is counted follows the network's loss:
 * labels under softmax cross-entropy fill a confusion matrix of the argmax; under
 * {@code bce_with_logits} each output value is a binary decision, predicted positive when its
 * logit is above 0 (σ(z) > 0.5) and truly positive when its target is above 0.5; other value
 * targets are scored as regression.
 */
public final class Evaluator {
    private static final int CHUNK = 512;

    private Evaluator() {}

    /** Sums of one block under {@code net} (its current parameters and buffers). */
    public static EvaluationSums score(Network net, ExampleBlock block) {
        NetworkSpec spec = net.spec();
        int outputs = spec.output().last();
        boolean labels = block.hasLabels();
        boolean binary = !labels && spec.loss() == LossKind.BCE_WITH_LOGITS;
        EvaluationSums s = labels
                ? EvaluationSums.classification(outputs)
                : binary ? EvaluationSums.binary(outputs) : regression(block);
        int per = block.targetRowsPerExample;
        for (int from = 0; from < block.n; from += CHUNK) {
            int n = Math.min(CHUNK, block.n - from);
            Storage x = Storage.allocate(net.precision(), n * block.width);
            x.copyFrom(block.features, from * block.width, 0, n * block.width);
            Targets t = labels
                    ? Targets.labels(Arrays.copyOfRange(block.labels, from * per, (from + n) * per))
                    : Targets.values(values(net.precision(), block, from, n), block.targetWidth);
            Storage y = net.predict(x, n);
            LossResult loss = net.evaluate(new Batch(x, n, t, null, 0, 0));
            s.lossSum += loss.sum();
            s.lossCount += loss.count();
            s.examples += n;
            if (labels) {
                confusion(s, y, t.labels(), n * per, outputs);
            } else if (binary) {
                binary(s, y, t.values(), n * per * outputs);
            } else {
                residuals(s, y, t.values(), n * per * block.targetWidth);
            }
        }
        return s;
    }

    private static Storage values(Precision p, ExampleBlock b, int from, int n) {
        int w = b.targetWidth * b.targetRowsPerExample;
        Storage v = Storage.allocate(p, n * w);
        v.copyFrom(b.targets, from * w, 0, n * w);
        return v;
    }

    private static void confusion(EvaluationSums s, Storage y, int[] truth, int rows, int classes) {
        for (int r = 0; r < rows; r++) {
            s.confusion[truth[r] * classes + argmax(y, r * classes, classes)]++;
        }
    }

    /** Index of the largest value; the first on ties. */
    public static int argmax(Storage y, int offset, int count) {
        // the rule training counts its right predictions by: one place for both
        return SoftmaxCrossEntropy.argmax(y, offset, count);
    }

    // y, t: (rows, outputs) flattened; count = rows · outputs
    private static void binary(EvaluationSums s, Storage y, Storage t, int count) {
        for (int i = 0; i < count; i++) {
            int truth = t.get(i) > 0.5 ? 1 : 0;
            int predicted = y.get(i) > 0 ? 1 : 0;
            s.binary[4 * (i % s.outputs) + 2 * truth + predicted]++;
        }
    }

    /**
     * The block's regression sums before any prediction: per output column, the target mean and
     * then Σ(t − mean)² in a second pass over the targets.
     */
    private static EvaluationSums regression(ExampleBlock b) {
        int w = b.targetWidth;
        EvaluationSums s = EvaluationSums.regression(w);
        long rows = (long) b.n * b.targetRowsPerExample;
        // targets: (rows, w) flattened
        for (long r = 0; r < rows; r++) {
            for (int j = 0; j < w; j++) {
                s.targetMean[j] += b.targets[(int) (r * w + j)];
            }
        }
        for (int j = 0; j < w && rows > 0; j++) {
            s.targetMean[j] /= rows;
        }
        for (long r = 0; r < rows; r++) {
            for (int j = 0; j < w; j++) {
                double d = b.targets[(int) (r * w + j)] - s.targetMean[j];
                s.targetM2[j] += d * d;
            }
        }
        s.rows = rows;
        return s;
    }

    // y, t: (rows, outputs) flattened; count = rows · outputs
    private static void residuals(EvaluationSums s, Storage y, Storage t, int count) {
        for (int i = 0; i < count; i++) {
            double e = y.get(i) - t.get(i);
            s.squaredError[i % s.outputs] += e * e;
            s.absoluteError[i % s.outputs] += Math.abs(e);
        }
    }

    /** Adds per-partition sums in list order. */
    public static EvaluationSums total(List<EvaluationSums> parts) {
        Iterator<EvaluationSums> it = parts.iterator();
        EvaluationSums total = it.next();
        while (it.hasNext()) {
            total.add(it.next());
        }
        return total;
    }
}
