package io.sparknn.engine.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Metrics computed from {@link EvaluationSums}, with scikit-learn's definitions:
 * <ul>
 * <li>every kind: the mean loss (the training loss: loss sum / loss count);
 * <li>softmax classification: accuracy, the confusion matrix (rows = truth, columns = prediction)
 *     and per-class precision, recall and F1, each 0 where its denominator is 0 (a class never
 *     predicted has precision 0, one never present recall 0), as scikit-learn's
 *     {@code zero_division=0};
 * <li>binary cross-entropy ({@code bce_with_logits}): each output value is a decision, predicted
 *     positive when σ(logit) > 0.5; accuracy is the share of right decisions over all outputs
 *     (1 − Hamming loss, not scikit-learn's subset accuracy for several outputs), and per output the
 *     2×2 confusion matrix and the positive class's precision, recall and F1 (zero_division=0);
 * <li>regression: MSE and MAE over all values (equal to scikit-learn's uniform average over
 *     outputs, every output having the same count) and R² computed per output column, then
 *     averaged ({@code multioutput='uniform_average'}); a constant target column scores 1 when
 *     predicted exactly, else 0 (scikit-learn's {@code force_finite=True}).
 * </ul>
 */
public final class Metrics {
    private final EvaluationSums s;
    private final List<String> labelNames;

    public Metrics(EvaluationSums sums, List<String> labelNames) {
        this.s = sums;
        this.labelNames = labelNames;
    }

    /** Softmax classification (a confusion matrix over classes). */
    public boolean classification() {
        return s.confusion != null;
    }

    /** Binary cross-entropy: one binary decision per output. */
    public boolean binary() {
        return s.binary != null;
    }

    /** True when {@link #accuracy()} means something: classification or binary. */
    public boolean hasAccuracy() {
        return classification() || binary();
    }

    public long examples() {
        return s.examples;
    }

    public double loss() {
        return s.lossSum / s.lossCount;
    }

    /** Right predictions over all predictions (all output values for binary). */
    public double accuracy() {
        long right = 0;
        long all = 0;
        if (binary()) {
            for (int j = 0; j < s.outputs; j++) {
                right += binaryCount(j, 0, 0) + binaryCount(j, 1, 1);
                all += binaryCount(j, 0, 0) + binaryCount(j, 0, 1) + binaryCount(j, 1, 0) + binaryCount(j, 1, 1);
            }
        } else {
            for (int t = 0; t < s.classes; t++) {
                for (int p = 0; p < s.classes; p++) {
                    all += count(t, p);
                    right += t == p ? count(t, p) : 0;
                }
            }
        }
        return all == 0 ? 0 : (double) right / all;
    }

    /** Examples of class {@code truth} predicted as {@code predicted}. */
    public long count(int truth, int predicted) {
        return s.confusion[truth * s.classes + predicted];
    }

    public double precision(int c) {
        long predicted = 0;
        for (int t = 0; t < s.classes; t++) {
            predicted += count(t, c);
        }
        return ratio(count(c, c), predicted);
    }

    public double recall(int c) {
        long actual = 0;
        for (int p = 0; p < s.classes; p++) {
            actual += count(c, p);
        }
        return ratio(count(c, c), actual);
    }

    public double f1(int c) {
        return f1(precision(c), recall(c));
    }

    /** Binary: values of output {@code output} with truth {@code truth} predicted {@code predicted} (each 0 or 1). */
    public long binaryCount(int output, int truth, int predicted) {
        return s.binary[4 * output + 2 * truth + predicted];
    }

    /** Binary: TP / (TP + FP) of output {@code output}'s positive class. */
    public double binaryPrecision(int output) {
        return ratio(binaryCount(output, 1, 1), binaryCount(output, 1, 1) + binaryCount(output, 0, 1));
    }

    /** Binary: TP / (TP + FN) of output {@code output}'s positive class. */
    public double binaryRecall(int output) {
        return ratio(binaryCount(output, 1, 1), binaryCount(output, 1, 1) + binaryCount(output, 1, 0));
    }

    public double binaryF1(int output) {
        return f1(binaryPrecision(output), binaryRecall(output));
    }

    /** Binary: right decisions of one output over its values. */
    public double binaryAccuracy(int output) {
        long right = binaryCount(output, 0, 0) + binaryCount(output, 1, 1);
        return ratio(right, right + binaryCount(output, 0, 1) + binaryCount(output, 1, 0));
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static double f1(double p, double r) {
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    private long values() {
        return s.rows * s.outputs;
    }

    public double mse() {
        double sum = 0;
        for (double e : s.squaredError) {
            sum += e;
        }
        return sum / values();
    }

    public double mae() {
        double sum = 0;
        for (double e : s.absoluteError) {
            sum += e;
        }
        return sum / values();
    }

    /** R² of output column {@code j}: 1 − SS_res / SS_tot; for a constant column 1 if SS_res = 0, else 0. */
    public double r2(int j) {
        double residual = s.squaredError[j];
        double total = s.targetM2[j];
        if (total == 0) {
            return residual == 0 ? 1 : 0;
        }
        return 1 - residual / total;
    }

    /** R² per output column, averaged with equal weights. */
    public double r2() {
        double sum = 0;
        for (int j = 0; j < s.outputs; j++) {
            sum += r2(j);
        }
        return sum / s.outputs;
    }

    private String name(int c) {
        return c < labelNames.size() ? labelNames.get(c) : Integer.toString(c);
    }

    /** The headline numbers, for metrics lines and early stopping. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("examples", s.examples);
        m.put("loss", loss());
        if (hasAccuracy()) {
            m.put("accuracy", accuracy());
        }
        if (binary() && s.outputs == 1) {
            m.put("precision", binaryPrecision(0));
            m.put("recall", binaryRecall(0));
            m.put("f1", binaryF1(0));
        }
        if (!hasAccuracy()) {
            m.put("mse", mse());
            m.put("mae", mae());
            m.put("r2", r2());
        }
        return m;
    }

    /** Everything, including confusion matrices and per-class or per-output scores, for evaluation.json. */
    public Map<String, Object> full() {
        Map<String, Object> m = summary();
        if (classification()) {
            long[][] cm = new long[s.classes][s.classes];
            List<Map<String, Object>> perClass = new ArrayList<>();
            for (int t = 0; t < s.classes; t++) {
                for (int p = 0; p < s.classes; p++) {
                    cm[t][p] = count(t, p);
                }
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("class", name(t));
                c.put("precision", precision(t));
                c.put("recall", recall(t));
                c.put("f1", f1(t));
                perClass.add(c);
            }
            m.put("labels", labelNames.isEmpty() ? null : labelNames);
            m.put("confusion_matrix", cm);
            m.put("per_class", perClass);
        } else if (binary()) {
            if (s.outputs == 1) {
                m.put("confusion_matrix", binaryMatrix(0));
            } else {
                m.put("per_output", perOutput());
            }
        } else if (s.outputs > 1) {
            double[] r2 = new double[s.outputs];
            for (int j = 0; j < s.outputs; j++) {
                r2[j] = r2(j);
            }
            m.put("r2_per_output", r2);
        }
        return m;
    }

    /** [[TN, FP], [FN, TP]]: rows truth 0/1, columns prediction 0/1, as scikit-learn's confusion_matrix. */
    private long[][] binaryMatrix(int j) {
        return new long[][] {{binaryCount(j, 0, 0), binaryCount(j, 0, 1)}, {binaryCount(j, 1, 0), binaryCount(j, 1, 1)}
        };
    }

    private List<Map<String, Object>> perOutput() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int j = 0; j < s.outputs; j++) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("output", j);
            o.put("accuracy", binaryAccuracy(j));
            o.put("precision", binaryPrecision(j));
            o.put("recall", binaryRecall(j));
            o.put("f1", binaryF1(j));
            o.put("confusion_matrix", binaryMatrix(j));
            out.add(o);
        }
        return out;
    }

    /** A report a person reads: headline, per-class (or per-output) table and confusion matrix. */
    public String report() {
        StringBuilder b = new StringBuilder();
        if (binary()) {
            return binaryReport(b);
        }
        if (!classification()) {
            return b.append(String.format(
                            Locale.ROOT,
                            "examples %d  loss %.6f  mse %.6f  mae %.6f  r2 %.4f%n",
                            s.examples,
                            loss(),
                            mse(),
                            mae(),
                            r2()))
                    .toString();
        }
        b.append(String.format(Locale.ROOT, "examples %d  loss %.4f  accuracy %.4f%n", s.examples, loss(), accuracy()));
        b.append(String.format(Locale.ROOT, "%-12s %9s %9s %9s%n", "class", "precision", "recall", "f1"));
        for (int c = 0; c < s.classes; c++) {
            b.append(String.format(Locale.ROOT, "%-12s %9.4f %9.4f %9.4f%n", name(c), precision(c), recall(c), f1(c)));
        }
        b.append("confusion matrix (rows: truth, columns: prediction)\n");
        for (int p = 0; p < s.classes; p++) {
            b.append(String.format("%6s", name(p)));
        }
        b.append("   truth\n");
        for (int t = 0; t < s.classes; t++) {
            for (int p = 0; p < s.classes; p++) {
                b.append(String.format("%6d", count(t, p)));
            }
            b.append("   ").append(name(t)).append('\n');
        }
        return b.toString();
    }

    private String binaryReport(StringBuilder b) {
        b.append(String.format(
                Locale.ROOT,
                "examples %d  loss %.4f  accuracy %.4f (positive: σ(logit) > 0.5)%n",
                s.examples,
                loss(),
                accuracy()));
        b.append(String.format(
                Locale.ROOT,
                "%-8s %9s %9s %9s %9s %8s %8s %8s %8s%n",
                "output",
                "accuracy",
                "precision",
                "recall",
                "f1",
                "TN",
                "FP",
                "FN",
                "TP"));
        for (int j = 0; j < s.outputs; j++) {
            b.append(String.format(
                    Locale.ROOT,
                    "%-8d %9.4f %9.4f %9.4f %9.4f %8d %8d %8d %8d%n",
                    j,
                    binaryAccuracy(j),
                    binaryPrecision(j),
                    binaryRecall(j),
                    binaryF1(j),
                    binaryCount(j, 0, 0),
                    binaryCount(j, 0, 1),
                    binaryCount(j, 1, 0),
                    binaryCount(j, 1, 1)));
        }
        return b.toString();
    }
}
