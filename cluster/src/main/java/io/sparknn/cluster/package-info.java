/**
 * A Spark standalone cluster on one machine for tests, {@code bin/sparknn-cluster} and benchmarks:
 * {@link io.sparknn.cluster.StandaloneCluster} starts a master and workers, each its own JVM, from
 * the build's Spark jars and submits the job jar through SparkSubmit as a user would; {@link
 * io.sparknn.cluster.Application} is one submitted driver. The hooks a test loads into a driver
 * through {@link io.sparknn.cluster.HookJar} observe and stop a run at chosen points: {@link
 * io.sparknn.cluster.ExecutorEventListener} records which executor ran which partition ({@link
 * io.sparknn.cluster.SchedulerEvent}, read back by {@link io.sparknn.cluster.ExecutorLoss}), and
 * {@link io.sparknn.cluster.CheckpointGateFileSystem} holds the driver inside a checkpoint write.
 */
package io.sparknn.cluster;
