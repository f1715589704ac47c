package io.sparknn.engine.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.train.ExampleBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Metric values on small hand-computed cases, scored through {@link Evaluator} with identity
 * networks (one dense layer, weight I, bias 0, float64), so each row's output is its features
 * and every expected number follows from the table in the test. The expected values agree with
 * scikit-learn's functions of the same name (zero_division=0, multioutput='uniform_average').
 */
class MetricsTest {
    static final double EPS = 1e-15;

    /** Dense (k, k) identity, PyTorch layout: weight (out, in) row-major, then bias. */
    static Network identity(int k, LossKind loss) {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(k)).dense(k).build(loss);
        double[] p = new double[k * k + k];
        for (int i = 0; i < k; i++) {
            p[i * k + i] = 1;
        }
        return Network.of(spec, Network.Options.of(Precision.FLOAT64, 1), p, new double[0]);
    }

    static ExampleBlock labelled(float[][] x, int[] labels) {
        return new ExampleBlock(x.length, x[0].length, flat(x), ids(x.length), labels, null, 1, 1);
    }

    static ExampleBlock valued(float[][] x, float[][] t) {
        return new ExampleBlock(x.length, x[0].length, flat(x), ids(x.length), null, flat(t), t[0].length, 1);
    }

    static float[] flat(float[][] rows) {
        float[] f = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, f, r * rows[0].length, rows[0].length);
        }
        return f;
    }

    static long[] ids(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    static Metrics score(LossKind loss, ExampleBlock b, int... partitionSizes) {
        try (Network net = identity(b.width, loss)) {
            List<EvaluationSums> parts = new ArrayList<>();
            for (ExampleBlock part : ExampleBlock.split(b, partitionSizes)) {
                parts.add(Evaluator.score(net, part));
            }
            return new Metrics(Evaluator.total(parts), List.of());
        }
    }

    // ---- softmax classification

    /**
     * Logits 1 for the predicted class, 0 for the others. Truth → prediction:
     * 0 → 0, 0, 1; 1 → 1, 1, 1; 2 → 0, 1 (class 2 is never predicted).
     */
    static ExampleBlock threeClasses() {
        int[][] pairs = {{0, 0}, {0, 1}, {1, 1}, {2, 0}, {1, 1}, {0, 0}, {2, 1}, {1, 1}};
        float[][] x = new float[pairs.length][3];
        int[] truth = new int[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            truth[i] = pairs[i][0];
            x[i][pairs[i][1]] = 1;
        }
        return labelled(x, truth);
    }

    @Test
    void threeClassConfusionMatrixAccuracyLossAndPerClassScores() {
        Metrics m = score(LossKind.SOFTMAX_CROSS_ENTROPY, threeClasses(), 8);
        long[][] expected = {{2, 1, 0}, {0, 3, 0}, {1, 1, 0}};
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                assertEquals(expected[t][p], m.count(t, p), "truth " + t + ", predicted " + p);
            }
        }
        assertEquals(0.625, m.accuracy(), EPS); // 5 of 8 on the diagonal
        // a right row's loss is −log(e / (e + 2)) = log(1 + 2/e), a wrong one's −log(1 / (e + 2)) = 1 + log(1 + 2/e):
        // mean log(1 + 2/e) + 3/8
        assertEquals(0.9264447139320511, m.loss(), 1e-14);
        // class 0: column 2 + 0 + 1, row 2 + 1 + 0
        assertEquals(2 / 3.0, m.precision(0), EPS);
        assertEquals(2 / 3.0, m.recall(0), EPS);
        assertEquals(2 / 3.0, m.f1(0), EPS);
        // class 1: column 1 + 3 + 1, row 3: F1 = 2 · 0.6 · 1 / 1.6
        assertEquals(0.6, m.precision(1), EPS);
        assertEquals(1.0, m.recall(1), EPS);
        assertEquals(0.75, m.f1(1), EPS);
        // class 2 never predicted: precision 0 / 0 → 0 (zero_division=0), recall 0 / 2, F1 0
        assertEquals(0.0, m.precision(2));
        assertEquals(0.0, m.recall(2));
        assertEquals(0.0, m.f1(2));
    }

    @Test
    void partitionsAddUpToTheWholeAndTheReportCarriesTheMatrix() {
        Metrics whole = score(LossKind.SOFTMAX_CROSS_ENTROPY, threeClasses(), 8);
        Metrics parts = score(LossKind.SOFTMAX_CROSS_ENTROPY, threeClasses(), 3, 0, 5);
        assertEquals(whole.loss(), parts.loss(), 1e-14);
        assertEquals(whole.accuracy(), parts.accuracy());
        Map<String, Object> full = parts.full();
        assertArrayEquals(new long[][] {{2, 1, 0}, {0, 3, 0}, {1, 1, 0}}, (long[][]) full.get("confusion_matrix"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> perClass = (List<Map<String, Object>>) full.get("per_class");
        assertEquals(0.75, (double) perClass.get(1).get("f1"), EPS);
        assertEquals(0.0, (double) perClass.get(2).get("precision"));
    }

    @Test
    void aClassNeverPresentHasRecallZeroAndOneAlwaysRightPrecisionOne() {
        EvaluationSums s = EvaluationSums.classification(2);
        s.confusion = new long[] {3, 1, 0, 0}; // truth 0: 3 right, 1 called class 1; class 1 never true
        Metrics m = new Metrics(s, List.of("a", "b"));
        assertEquals(1.0, m.precision(0));
        assertEquals(0.75, m.recall(0));
        assertEquals(6 / 7.0, m.f1(0), EPS); // 2 · 1 · 0.75 / 1.75
        assertEquals(0.0, m.precision(1)); // 0 of 1 prediction right
        assertEquals(0.0, m.recall(1)); // 0 / 0 → 0
        assertEquals(0.75, m.accuracy());
    }

    // ---- regression

    /** Column 0: t 1, 2, 3, 4 and y 1.5, 2, 2.5, 5; column 1: t 10, 10, 20, 20 and y 12, 10, 18, 20. */
    static ExampleBlock twoOutputs() {
        float[][] y = {{1.5f, 12}, {2, 10}, {2.5f, 18}, {5, 20}};
        float[][] t = {{1, 10}, {2, 10}, {3, 20}, {4, 20}};
        return valued(y, t);
    }

    @Test
    void regressionMseMaeAndR2AveragedOverOutputColumns() {
        Metrics m = score(LossKind.MSE, twoOutputs(), 4);
        assertFalse(m.hasAccuracy());
        // squared errors: column 0 0.25 + 0 + 0.25 + 1 = 1.5, column 1 4 + 0 + 4 + 0 = 8, over 8 values
        assertEquals(1.1875, m.mse(), EPS);
        assertEquals(1.1875, m.loss(), EPS); // the MSE loss's mean is the same
        assertEquals(0.75, m.mae(), EPS); // (2 + 4) / 8
        // SS_tot: column 0 around 2.5: 2.25 + 0.25 + 0.25 + 2.25 = 5; column 1 around 15: 4 · 25 = 100
        assertEquals(0.7, m.r2(0), EPS); // 1 − 1.5 / 5
        assertEquals(0.92, m.r2(1), EPS); // 1 − 8 / 100
        assertEquals(0.81, m.r2(), EPS); // not 1 − 9.5 / 417.5 over the pooled values
        assertArrayEquals(new double[] {0.7, 0.92}, (double[]) m.full().get("r2_per_output"), EPS);
    }

    @Test
    void partitionedRegressionSumsMergeToTheSameMetrics() {
        Metrics m = score(LossKind.MSE, twoOutputs(), 1, 2, 1);
        assertEquals(1.1875, m.mse(), EPS);
        assertEquals(0.7, m.r2(0), EPS);
        assertEquals(0.92, m.r2(1), EPS);
    }

    @Test
    void aConstantTargetColumnScores1WhenPredictedExactlyAnd0Otherwise() {
        // column 0 always 3, predicted exactly; column 1 always 5, predicted 6 once
        Metrics m = score(
                LossKind.MSE,
                valued(new float[][] {{3, 5}, {3, 6}, {3, 5}}, new float[][] {{3, 5}, {3, 5}, {3, 5}}),
                2,
                1);
        assertEquals(1.0, m.r2(0));
        assertEquals(0.0, m.r2(1));
        assertEquals(0.5, m.r2());
    }

    /**
     * Targets 1e9 + 64·{0, 1, 3} (exact floats) predicted as 1e9 + 64·{1, 0, 3} (errors 64, −64, 0):
     * SS_res = 2 · 64² = 8192; the mean is 1e9 + 64·4/3, so SS_tot = 64² · (16 + 1 + 25) / 9 and
     * R² = 1 − 8192 · 9 / (4096 · 42) = 1 − 3/7 = 4/7. Σt² − n·mean² subtracts two numbers near
     * 3e18, whose doubles are 512 apart: it gives 18,944 for SS_tot 19,114.67 (R² 0.5676): a
     * two-pass SS_tot keeps R² to the last bits.
     */
    @Test
    void r2OfTargetsFarFromZeroKeepsItsPrecision() {
        float b = 1e9f;
        float[][] t = {{b}, {b + 64}, {b + 192}};
        float[][] y = {{b + 64}, {b}, {b + 192}};
        assertEquals(4 / 7.0, score(LossKind.MSE, valued(y, t), 3).r2(), EPS);
        assertEquals(4 / 7.0, score(LossKind.MSE, valued(y, t), 1, 2).r2(), EPS); // merged from partitions
        assertEquals(4 / 7.0, score(LossKind.MSE, valued(y, t), 2, 1).r2(), EPS);
        assertEquals(8192 / 3.0, score(LossKind.MSE, valued(y, t), 3).mse(), 0.0);
    }

    // ---- binary cross-entropy

    /**
     * One output; rows (logit, target): (2, 1) TP, (−1, 0) TN, (0.5, 0) FP, (−3, 1) FN, (1, 1) TP,
     * (0, 1) FN: a logit of exactly 0 is σ = 0.5, not above it, so predicted negative.
     */
    static ExampleBlock binaryRows() {
        return valued(new float[][] {{2}, {-1}, {0.5f}, {-3}, {1}, {0}}, new float[][] {{1}, {0}, {0}, {1}, {1}, {1}});
    }

    @Test
    void binaryCrossEntropyReportsItsLossAccuracyAndThePositiveClasssScores() {
        Metrics m = score(LossKind.BCE_WITH_LOGITS, binaryRows(), 6);
        assertTrue(m.binary() && m.hasAccuracy() && !m.classification());
        assertEquals(1, m.binaryCount(0, 0, 0)); // TN
        assertEquals(1, m.binaryCount(0, 0, 1)); // FP
        assertEquals(2, m.binaryCount(0, 1, 0)); // FN
        assertEquals(2, m.binaryCount(0, 1, 1)); // TP
        assertEquals(0.5, m.accuracy(), EPS);
        assertEquals(2 / 3.0, m.binaryPrecision(0), EPS);
        assertEquals(0.5, m.binaryRecall(0), EPS);
        assertEquals(4 / 7.0, m.binaryF1(0), EPS); // 2 · (2/3) · (1/2) / (7/6)
        // per row softplus(z) − z·t: log(1+e^−2), log(1+e^−1), 0.5 + log(1+e^−0.5), 3 + log(1+e^−3), log(1+e^−1), log 2
        assertEquals(0.9115438170655353, m.loss(), 1e-15);
        Map<String, Object> summary = m.summary();
        assertEquals(
                List.of("examples", "loss", "accuracy", "precision", "recall", "f1"), List.copyOf(summary.keySet()));
        assertArrayEquals(new long[][] {{1, 1}, {2, 2}}, (long[][]) m.full().get("confusion_matrix"));
    }

    /**
     * Two outputs, soft targets thresholded at 0.5 (0.5 itself is negative). Rows (z0, z1; t0, t1):
     * (1, −1; 1, 0), (−2, 2; 0, 0.5), (3, 0.5; 0, 0.7), (−1, 1; 1, 1). Output 0: TP, TN, FP, FN;
     * output 1: TN, FP, TP, TP.
     */
    @Test
    void severalBinaryOutputsAreScoredEachAndAccuracyCountsEveryValue() {
        ExampleBlock b = valued(
                new float[][] {{1, -1}, {-2, 2}, {3, 0.5f}, {-1, 1}},
                new float[][] {{1, 0}, {0, 0.5f}, {0, 0.7f}, {1, 1}});
        Metrics m = score(LossKind.BCE_WITH_LOGITS, b, 2, 2);
        assertEquals(0.625, m.accuracy(), EPS); // 2 + 3 right of 8
        assertEquals(0.5, m.binaryAccuracy(0), EPS);
        assertEquals(0.5, m.binaryPrecision(0), EPS);
        assertEquals(0.5, m.binaryRecall(0), EPS);
        assertEquals(0.75, m.binaryAccuracy(1), EPS);
        assertEquals(2 / 3.0, m.binaryPrecision(1), EPS);
        assertEquals(1.0, m.binaryRecall(1), EPS);
        assertEquals(0.8, m.binaryF1(1), EPS);
        assertFalse(m.summary().containsKey("precision"), "one precision would not say which output");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> perOutput =
                (List<Map<String, Object>>) m.full().get("per_output");
        assertEquals(0.8, (double) perOutput.get(1).get("f1"), EPS);
    }
}
