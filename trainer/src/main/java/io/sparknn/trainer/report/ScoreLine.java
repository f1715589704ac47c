package io.sparknn.trainer.report;

/**
 * One scoring of the validation data in {@code metrics.jsonl}: a table's {@code "type": "epoch"} or
 * {@code "evaluation"} line, or a text's line without a type. What a task does not score is NaN
 * (accuracy for regression and texts, bits per character for tables, MSE for classes).
 *
 * @param step         optimizer steps done when it was scored
 * @param trainSeconds a text's own training time; NaN for a table, whose time comes from the step lines
 */
public record ScoreLine(
        Kind kind,
        long step,
        int epoch,
        double loss,
        double accuracy,
        double mse,
        double mae,
        double r2,
        double trainBpc,
        double validationBpc,
        double trainSeconds) {

    /** Which line it was. */
    public enum Kind {
        /** At an epoch's end. */
        EPOCH,
        /** Every {@code evaluate_every} steps inside an epoch. */
        EVALUATION,
        /** A text's bits per character. */
        TEXT
    }
}
