/**
 * What a step would cost on a cluster of P executors, before renting one: the bytes each channel
 * carries per aggregation mode and gradient wire ({@link io.sparknn.trainer.plan.StepBytes}) and
 * an additive step-time model with constants measured on the benchmark's cluster
 * ({@link io.sparknn.trainer.plan.CostModel}), both arithmetic only; and the few local engine
 * steps that measure a network's compute and update for it ({@link io.sparknn.trainer.plan.StepProbe}).
 * Nothing here uses Spark.
 */
package io.sparknn.trainer.plan;
