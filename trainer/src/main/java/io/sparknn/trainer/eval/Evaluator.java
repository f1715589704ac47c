package io.sparknn.trainer.eval;

import io.sparknn.engine.Batch;
import io.sparknn.engine.LossResult;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.loss.Targets;
import io.sparknn.trainer.data.ExampleBlock;
import java.util.Iterator;
import java.util.List;

/**
 * Evaluation of a held-out set: each partition scores its block in inference mode in chunks and
 * returns additive sums; the driver adds them in partition order. Used distributed (through
 * {@link SparkEvaluation}) and in-process alike.
 */
public final class Evaluator {
    private static final int CHUNK = 512;

    private Evaluator() {
    }

    /** Sums of one block under {@code net} (its current parameters and buffers). */
    public static EvaluationSums score(Network net, ExampleBlock block) {
        NetworkSpec spec = net.spec();
        int classes = spec.output().last();
        boolean labels = block.hasLabels();
        EvaluationSums s = labels ? EvaluationSums.classification(classes) : EvaluationSums.regression();
        int per = block.targetRowsPerExample;
        for (int from = 0; from < block.n; from += CHUNK) {
            int n = Math.min(CHUNK, block.n - from);
            Storage x = Storage.allocate(net.precision(), n * block.width);
            x.copyFrom(block.features, from * block.width, 0, n * block.width);
            Targets t = labels
                    ? Targets.labels(java.util.Arrays.copyOfRange(block.labels, from * per, (from + n) * per))
                    : Targets.values(values(net.precision(), block, from, n), block.targetWidth);
            Storage y = net.predict(x, n);
            LossResult loss = net.evaluate(new Batch(x, n, t, null, 0, 0));
            s.lossSum += loss.sum();
            s.lossCount += loss.count();
            s.examples += n;
            if (labels) {
                confusion(s, y, t.labels(), n * per, classes);
            } else {
                regression(s, y, t.values(), n * per * block.targetWidth);
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
        int best = 0;
        for (int j = 1; j < count; j++) {
            if (y.get(offset + j) > y.get(offset + best)) {
                best = j;
            }
        }
        return best;
    }

    private static void regression(EvaluationSums s, Storage y, Storage t, int count) {
        for (int i = 0; i < count; i++) {
            double e = y.get(i) - t.get(i);
            s.squaredError += e * e;
            s.absoluteError += Math.abs(e);
            s.targetSum += t.get(i);
            s.targetSquares += t.get(i) * t.get(i);
        }
        s.values += count;
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
