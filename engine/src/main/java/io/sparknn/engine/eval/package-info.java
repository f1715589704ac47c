/**
 * Evaluation on held-out data: mergeable sums per block ({@link io.sparknn.engine.eval.EvaluationSums}:
 * loss; confusion matrix, per-output binary counts or per-output regression sums, by the network's
 * loss), added in block order, and the metrics derived from them
 * ({@link io.sparknn.engine.eval.Metrics}), defined as scikit-learn defines them. The same code
 * scores a block in a Spark task and in plain Java.
 */
package io.sparknn.engine.eval;
