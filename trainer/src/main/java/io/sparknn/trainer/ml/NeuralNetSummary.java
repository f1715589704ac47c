package io.sparknn.trainer.ml;

import java.io.Serializable;

/**
 * What a fit did, as MLlib's training summaries tell it: the training loss of every step (the
 * batch's mean loss, {@code objectiveHistory}), the validation loss and accuracy at each epoch's end
 * (with {@code validationFraction} > 0; accuracy NaN for regression), the epoch whose weights the
 * model holds under early stopping ({@code best_epoch}), and the final evaluation of those weights on
 * the held-out rows. A loaded model has none (as MLlib's).
 *
 * @param bestEpoch         1-based; 0 without early stopping
 * @param finalLoss         the held-out loss of the model's weights, NaN without held-out rows
 * @param finalAccuracy     their held-out accuracy, NaN for regression or without held-out rows
 */
public record NeuralNetSummary(
        double[] objectiveHistory,
        double[] validationLoss,
        double[] validationAccuracy,
        int bestEpoch,
        long totalIterations,
        double finalLoss,
        double finalAccuracy)
        implements Serializable {

    public NeuralNetSummary {
        objectiveHistory = objectiveHistory.clone();
        validationLoss = validationLoss.clone();
        validationAccuracy = validationAccuracy.clone();
    }

    /** The training loss of each step, in step order. */
    @Override
    public double[] objectiveHistory() {
        return objectiveHistory.clone();
    }

    /** The validation loss at each epoch's end (empty without held-out rows). */
    @Override
    public double[] validationLoss() {
        return validationLoss.clone();
    }

    /** The validation accuracy at each epoch's end (NaN for regression). */
    @Override
    public double[] validationAccuracy() {
        return validationAccuracy.clone();
    }
}
