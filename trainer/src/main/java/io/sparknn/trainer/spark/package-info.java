/**
 * The Spark step under the engine's loop: each step is one Spark job whose tasks compute their
 * partition's shard of the global batch with the engine's
 * {@link io.sparknn.engine.train.ShardComputation} (a cached network per executor:
 * {@link io.sparknn.trainer.spark.NetworkCache}), the shards' sums added in partition order
 * ({@link io.sparknn.trainer.spark.Aggregation}), so N partitions give the bits of one process on
 * the same global batch. Stateless sources ({@link io.sparknn.trainer.spark.SparkGradientSource})
 * and stateful ones carrying each stream's state ({@link io.sparknn.trainer.spark.SparkStatefulGradientSource}),
 * and the Spark settings a run needs ({@link io.sparknn.trainer.spark.SparkSetup}, Kryo).
 */
package io.sparknn.trainer.spark;
