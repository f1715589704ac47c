/**
 * The Spark trainer, in the order a run flows through it: {@link io.sparknn.trainer.config} reads
 * the job config into typed records; {@link io.sparknn.trainer.run} is the one run for every task
 * (the output directory, resume, the task's data, the loop's listeners, the files a run leaves);
 * {@link io.sparknn.trainer.data} reads tables of examples on the executors and
 * {@link io.sparknn.trainer.sequence} cuts texts into windows; {@link io.sparknn.trainer.spark}
 * is the Spark step under the engine's loop (one job per step, the shards' sums added in partition
 * order); {@link io.sparknn.trainer.eval} scores held-out data on Spark; and
 * {@link io.sparknn.trainer.checkpoint} keeps checkpoints and the metrics log.
 */
package io.sparknn.trainer;
