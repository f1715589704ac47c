package io.sparknn.engine.eval;

import java.io.Serializable;

/**
 * Mergeable evaluation totals of one partition (or of all, once added): the loss sum and count,
 * and by the network's loss either a confusion matrix (softmax classification), per-output binary
 * counts (binary cross-entropy), or per-output regression sums.
 *
 * <p>Regression keeps, per output column, the count, mean and sum of squared deviations of the
 * targets (M2 = Σ(t − mean)²), each partition's computed in two passes over its block and merged
 * with Chan et al.'s pairwise update: Σt² − n·mean² would cancel catastrophically for targets far
 * from 0 relative to their spread.
 */
public final class EvaluationSums implements Serializable {
    private static final long serialVersionUID = 2L;

    public double lossSum;
    public long lossCount;
    public long examples;
    /** Softmax classification: confusion[truth * classes + predicted]; null otherwise. */
    public long[] confusion;

    public int classes;
    /**
     * Binary cross-entropy: for output j, binary[4j + 2·truth + predicted] counts values with that
     * truth and prediction (0 or 1); null otherwise.
     */
    public long[] binary;
    /** Regression and binary: the outputs (target values per target row). */
    public int outputs;
    /** Regression, per output column: Σ(y−ŷ)², Σ|y−ŷ|, target mean, Σ(t−mean)²; null otherwise. */
    public double[] squaredError;

    public double[] absoluteError;
    public double[] targetMean;
    public double[] targetM2;
    /** Regression: target values per output column (target rows). */
    public long rows;

    public EvaluationSums() {}

    static EvaluationSums classification(int classes) {
        EvaluationSums s = new EvaluationSums();
        s.classes = classes;
        s.confusion = new long[classes * classes];
        return s;
    }

    static EvaluationSums binary(int outputs) {
        EvaluationSums s = new EvaluationSums();
        s.outputs = outputs;
        s.binary = new long[4 * outputs];
        return s;
    }

    static EvaluationSums regression(int outputs) {
        EvaluationSums s = new EvaluationSums();
        s.outputs = outputs;
        s.squaredError = new double[outputs];
        s.absoluteError = new double[outputs];
        s.targetMean = new double[outputs];
        s.targetM2 = new double[outputs];
        return s;
    }

    /** Adds another partition's totals (used in partition order, so the result repeats exactly). */
    public EvaluationSums add(EvaluationSums o) {
        lossSum += o.lossSum;
        lossCount += o.lossCount;
        examples += o.examples;
        addCounts(confusion, o.confusion);
        addCounts(binary, o.binary);
        if (squaredError != null && o.squaredError != null) {
            mergeRegression(o);
        }
        return this;
    }

    private static void addCounts(long[] into, long[] from) {
        if (into != null && from != null) {
            for (int i = 0; i < into.length; i++) {
                into[i] += from[i];
            }
        }
    }

    /** Chan, Golub and LeVeque's update: M2 = M2a + M2b + δ²·na·nb / n, mean = mean_a + δ·nb / n, δ = mean_b − mean_a. */
    private void mergeRegression(EvaluationSums o) {
        long n = rows + o.rows;
        for (int j = 0; j < outputs; j++) {
            squaredError[j] += o.squaredError[j];
            absoluteError[j] += o.absoluteError[j];
            if (o.rows == 0) {
                continue;
            }
            double delta = o.targetMean[j] - targetMean[j];
            targetM2[j] += o.targetM2[j] + delta * delta * ((double) rows * o.rows / n);
            targetMean[j] += delta * ((double) o.rows / n);
        }
        rows = n;
    }
}
