/**
 * Evaluation on held-out data, distributed and in-process: additive sums per partition
 * (loss, confusion matrix, regression sums) and the metrics derived from them.
 */
package io.sparknn.trainer.eval;
