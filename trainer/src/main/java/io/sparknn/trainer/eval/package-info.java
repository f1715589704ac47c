/**
 * Distributed evaluation: the engine's {@link io.sparknn.engine.eval.Evaluator} scores each
 * partition of a held-out set in a Spark task, and the sums are added in partition order.
 */
package io.sparknn.trainer.eval;
