/**
 * The Spark loop: partition-independent global batches ({@link io.sparknn.trainer.EpochPermutation},
 * {@link io.sparknn.trainer.ShardSelector}), one job per step whose shard gradient sums are added
 * in partition order ({@link io.sparknn.trainer.GradientSum}), the driver's update
 * ({@link io.sparknn.trainer.TrainingLoop}) and the single-process reference
 * ({@link io.sparknn.trainer.LocalGradientSource}). The data reaches its partitions through
 * {@link io.sparknn.trainer.DistributedDataset}, which parses it on the executors, with the
 * held-out examples chosen by id ({@link io.sparknn.trainer.Holdout}).
 */
package io.sparknn.trainer;
