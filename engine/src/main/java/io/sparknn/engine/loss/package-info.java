/**
 * Losses that return a sum and its count (examples, or tokens for per-time-step outputs), so
 * shards combine exactly and divide once: fused softmax cross-entropy, mean squared error, binary
 * cross-entropy on logits.
 */
package io.sparknn.engine.loss;
