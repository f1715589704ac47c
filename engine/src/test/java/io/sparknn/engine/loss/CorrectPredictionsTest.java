package io.sparknn.engine.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknn.engine.LossResult;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.eval.Evaluator;
import org.junit.jupiter.api.Test;

/**
 * {@link Loss#correct}: the right predictions behind the training accuracy, counted as evaluation
 * counts them. Each hand-built batch is chosen so that a plausible other rule (the last maximum on
 * ties, a target of 0.5 or a logit of 0 taken as positive, the target rows read from 0 instead of
 * {@code row0}) gives another count; the comments name the count each rule would give.
 */
class CorrectPredictionsTest {

    /** Five rows of three logits: A [2 5 5], B [0 0 0], C [1 −3 0.5], D [4 4 1], E [.1 .2 .3]. */
    private static final double[] LOGITS = {2, 5, 5, 0, 0, 0, 1, -3, 0.5, 4, 4, 1, 0.1, 0.2, 0.3};
    /** Junk at index 0; rows A..E read labels 1..5 with row0 = 1: A 1, B 0, C 2, D 0, E 1. */
    private static final int[] LABELS = {1, 1, 0, 2, 0, 1};

    @Test
    void softmaxArgmaxTakesTheFirstMaximumOnTiesAndReadsLabelsFromRow0() {
        for (Precision p : Precision.values()) {
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(p);
            // first maximum: A → 1 right, B → 0 right, C → 0 wrong, D → 0 right, E → 2 wrong: 3 of 5
            // (the last maximum gives 0 right; labels read from 0 give 2)
            assertEquals(3, loss.correct(Storage.of(p, LOGITS), 5, 3, Targets.labels(LABELS), 1), p.toString());
            assertEquals(5, loss.count(5, 3), "out of the loss count");
            // rows 1..2 only (B and C against labels 0 and 2): 1
            Storage bc = Storage.of(p, 0, 0, 0, 1, -3, 0.5);
            assertEquals(1, loss.correct(bc, 2, 3, Targets.labels(LABELS), 2), p.toString());
        }
    }

    @Test
    void softmaxArgmaxIsEvaluationsEvenWithNaNAndInfinities() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        double[] rows = {nan, 1, 2, 1, nan, 2, 2, 2, nan, -inf, -inf, -inf, 1, inf, inf, nan, nan, nan};
        Storage y = Storage.of(Precision.FLOAT64, rows);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(Precision.FLOAT64);
        for (int r = 0; r < rows.length / 3; r++) {
            int evaluation = Evaluator.argmax(y, 3 * r, 3);
            for (int label = 0; label < 3; label++) {
                Storage row = Storage.of(Precision.FLOAT64, rows[3 * r], rows[3 * r + 1], rows[3 * r + 2]);
                assertEquals(
                        label == evaluation ? 1 : 0,
                        loss.correct(row, 1, 3, Targets.labels(new int[] {label}), 0),
                        "row " + r + ", label " + label);
            }
        }
    }

    @Test
    void binaryDecisionsArePositiveLogitAgainstTargetAboveOneHalf() {
        // three rows of two logits, row0 = 1; targets row 0 is junk
        double[] logits = {0.7, -0.2, 0.0, 3, -1, -2};
        double[] targets = {0, 0, 1, 0.5, 1, 1, 0, 0.9};
        for (Precision p : Precision.values()) {
            BinaryCrossEntropyWithLogits loss = new BinaryCrossEntropyWithLogits(p);
            // 0.7|1 right, −0.2|0.5 right (0.5 is negative), 0|1 wrong (logit 0 is negative),
            // 3|1 right, −1|0 right, −2|0.9 wrong: 4 of 6 (target ≥ 0.5: 3; logit ≥ 0: 5; from row 0: 1)
            long right = loss.correct(Storage.of(p, logits), 3, 2, Targets.values(Storage.of(p, targets), 2), 1);
            assertEquals(4, right, p.toString());
            assertEquals(6, loss.count(3, 2), "out of the loss count, one decision per value");
        }
    }

    @Test
    void regressionAndProbabilityTargetsHaveNoAccuracy() {
        Precision p = Precision.FLOAT64;
        Storage y = Storage.of(p, 1, 2, 3, 4);
        Targets values = Targets.values(Storage.of(p, 1, 2, 3, 4), 2);
        assertEquals(LossResult.NO_ACCURACY, new MeanSquaredError(p).correct(y, 2, 2, values, 0));
        Targets probabilities = Targets.values(Storage.of(p, 0, 1, 1, 0), 2);
        assertEquals(
                LossResult.NO_ACCURACY,
                new SoftmaxCrossEntropy(p).correct(y, 2, 2, probabilities, 0),
                "evaluation scores probability targets as regression: no accuracy either");
    }

    @Test
    void countsAddUnlessEitherHasNoAccuracy() {
        assertEquals(7, LossResult.addCorrect(3, 4));
        assertEquals(0, LossResult.addCorrect(0, 0));
        assertEquals(LossResult.NO_ACCURACY, LossResult.addCorrect(0, LossResult.NO_ACCURACY));
        assertEquals(LossResult.NO_ACCURACY, LossResult.addCorrect(LossResult.NO_ACCURACY, 5));
    }
}
