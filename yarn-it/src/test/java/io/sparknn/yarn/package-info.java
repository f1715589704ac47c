/**
 * The job jar on Hadoop's own HDFS and YARN, started in the test JVM from
 * {@code hadoop-client-minicluster} ({@link io.sparknn.yarn.MiniHadoop}), and submitted as a user
 * would: {@code SparkSubmit --master yarn --deploy-mode cluster} in a process of its own
 * ({@link io.sparknn.yarn.YarnSubmission}). Tests only; nothing here ships.
 */
package io.sparknn.yarn;
