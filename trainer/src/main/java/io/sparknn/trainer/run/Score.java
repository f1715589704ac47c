package io.sparknn.trainer.run;

/**
 * One scoring of the validation data: the {@code metrics.jsonl} line (without its newline), a line
 * for the log, and what early stopping compares.
 *
 * @param loss     lower is better: the validation loss, or bits per character for a text
 * @param accuracy NaN where the task has none (regression, text)
 */
record Score(com.fasterxml.jackson.databind.node.ObjectNode line, String summary, double loss, double accuracy) {}
