/**
 * The Spark side of training: one Spark job per step whose tasks compute their partition's shard
 * of the global batch with the engine's {@link io.sparknn.engine.train.ShardComputation}, the
 * results added in partition order ({@link io.sparknn.engine.train.GradientSum}) for the engine's
 * {@link io.sparknn.engine.train.TrainingLoop}. The data reaches its partitions through
 * {@link io.sparknn.trainer.DistributedDataset}, which parses it on the executors, with the
 * held-out examples chosen by id ({@link io.sparknn.trainer.Holdout}).
 */
package io.sparknn.trainer;
