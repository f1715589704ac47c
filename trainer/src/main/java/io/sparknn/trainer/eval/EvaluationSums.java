package io.sparknn.trainer.eval;

import java.io.Serializable;

/**
 * Additive evaluation totals of one partition (or of all, once added): the loss sum and count,
 * and either a confusion matrix (classification) or the sums regression metrics need.
 */
public final class EvaluationSums implements Serializable {
    private static final long serialVersionUID = 1L;

    public double lossSum;
    public long lossCount;
    public long examples;
    /** confusion[truth * classes + predicted]; null for regression. */
    public long[] confusion;
    public int classes;
    /** Regression: Σ(y−ŷ)², Σ|y−ŷ|, Σy, Σy² over all target values, and their count. */
    public double squaredError;
    public double absoluteError;
    public double targetSum;
    public double targetSquares;
    public long values;

    public EvaluationSums() {
    }

    static EvaluationSums classification(int classes) {
        EvaluationSums s = new EvaluationSums();
        s.classes = classes;
        s.confusion = new long[classes * classes];
        return s;
    }

    static EvaluationSums regression() {
        return new EvaluationSums();
    }

    /** Adds another partition's totals (used in partition order, so the sums repeat exactly). */
    public EvaluationSums add(EvaluationSums o) {
        lossSum += o.lossSum;
        lossCount += o.lossCount;
        examples += o.examples;
        if (confusion != null && o.confusion != null) {
            for (int i = 0; i < confusion.length; i++) {
                confusion[i] += o.confusion[i];
            }
        }
        squaredError += o.squaredError;
        absoluteError += o.absoluteError;
        targetSum += o.targetSum;
        targetSquares += o.targetSquares;
        values += o.values;
        return this;
    }
}
