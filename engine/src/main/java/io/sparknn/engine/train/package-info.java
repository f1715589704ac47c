/**
 * The training loop without Spark, shared by the Spark trainer and plain Java code. A step's global
 * minibatch is a function of (seed, epoch, step) over global example ids alone
 * ({@link io.sparknn.engine.train.EpochPermutation}, {@link io.sparknn.engine.train.StepPlan}), never
 * of how the examples are split into {@link io.sparknn.engine.train.ExampleBlock}s; each block's part
 * of it is one shard ({@link io.sparknn.engine.train.ShardComputation}), and the shards' gradient
 * sums are added in block order ({@link io.sparknn.engine.train.GradientSum}), so a computation
 * spread over N Spark partitions equals the same N blocks computed one after another here bit for
 * bit. {@link io.sparknn.engine.train.TrainingLoop} divides the sum once, clips and steps the
 * optimizer; a {@link io.sparknn.engine.train.GradientSource} says where the shards run
 * ({@link io.sparknn.engine.train.InProcessGradientSource} here, the trainer's Spark sources there).
 */
package io.sparknn.engine.train;
