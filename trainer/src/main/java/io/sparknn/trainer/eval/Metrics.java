package io.sparknn.trainer.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Metrics computed from {@link EvaluationSums}: for classification the mean loss, accuracy, the
 * confusion matrix (rows = truth, columns = prediction) and per-class precision, recall and F1
 * (0 where undefined, as scikit-learn's zero_division=0); for regression MSE, MAE and R².
 */
public final class Metrics {
    private final EvaluationSums s;
    private final List<String> labelNames;

    public Metrics(EvaluationSums sums, List<String> labelNames) {
        this.s = sums;
        this.labelNames = labelNames;
    }

    public boolean classification() {
        return s.confusion != null;
    }

    public long examples() {
        return s.examples;
    }

    public double loss() {
        return s.lossSum / s.lossCount;
    }

    public double accuracy() {
        long right = 0;
        long all = 0;
        for (int t = 0; t < s.classes; t++) {
            for (int p = 0; p < s.classes; p++) {
                all += count(t, p);
                right += t == p ? count(t, p) : 0;
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
        return predicted == 0 ? 0 : (double) count(c, c) / predicted;
    }

    public double recall(int c) {
        long actual = 0;
        for (int p = 0; p < s.classes; p++) {
            actual += count(c, p);
        }
        return actual == 0 ? 0 : (double) count(c, c) / actual;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double mse() {
        return s.squaredError / s.values;
    }

    public double mae() {
        return s.absoluteError / s.values;
    }

    /** 1 − SS_res / SS_tot over all target values. */
    public double r2() {
        double mean = s.targetSum / s.values;
        double total = s.targetSquares - s.values * mean * mean;
        return total == 0 ? 0 : 1 - s.squaredError / total;
    }

    private String name(int c) {
        return c < labelNames.size() ? labelNames.get(c) : Integer.toString(c);
    }

    /** The headline numbers, for metrics lines and early stopping. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("examples", s.examples);
        m.put("loss", loss());
        if (classification()) {
            m.put("accuracy", accuracy());
        } else {
            m.put("mse", mse());
            m.put("mae", mae());
            m.put("r2", r2());
        }
        return m;
    }

    /** Everything, including the confusion matrix and per-class scores, for evaluation.json. */
    public Map<String, Object> full() {
        Map<String, Object> m = summary();
        if (classification()) {
            long[][] cm = new long[s.classes][s.classes];
            List<Map<String, Object>> perClass = new java.util.ArrayList<>();
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
        }
        return m;
    }

    /** A report a person reads: headline, per-class table and confusion matrix. */
    public String report() {
        StringBuilder b = new StringBuilder();
        if (!classification()) {
            return b.append(String.format(Locale.ROOT, "examples %d  loss %.6f  mse %.6f  mae %.6f  r2 %.4f%n",
                    s.examples, loss(), mse(), mae(), r2())).toString();
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
}
