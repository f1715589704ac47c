/**
 * Evaluation on held-out data, distributed and in-process: mergeable sums per partition (loss;
 * confusion matrix, per-output binary counts or per-output regression sums, by the network's loss)
 * and the metrics derived from them, defined as scikit-learn defines them.
 */
package io.sparknn.trainer.eval;
