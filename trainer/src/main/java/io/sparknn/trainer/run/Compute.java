package io.sparknn.trainer.run;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Where a run computes: on Spark (one task per partition) or in this process (the single-process
 * reference, without Spark: {@code --local}, text data only), and the Hadoop configuration its
 * files are read and written with.
 *
 * @param sc null in process
 */
public record Compute(JavaSparkContext sc, Configuration hadoop) {
    public static Compute spark(JavaSparkContext sc) {
        return new Compute(sc, sc.hadoopConfiguration());
    }

    public static Compute inProcess(Configuration hadoop) {
        return new Compute(null, hadoop);
    }

    public boolean onSpark() {
        return sc != null;
    }

    /** {@code training.partitions}, or Spark's default parallelism when it is 0 (1 in process). */
    int partitions(int configured) {
        return configured > 0 ? configured : sc == null ? 1 : sc.defaultParallelism();
    }

    /** {@code training.threads_per_task}, or {@code spark.task.cpus} when it is 0 (1 in process). */
    int threadsPerTask(int configured) {
        return configured > 0 ? configured : sc == null ? 1 : sc.getConf().getInt("spark.task.cpus", 1);
    }

    /**
     * The processes computing shards when training starts: the executors registered with the
     * driver (Spark counts the driver among them; local mode's driver is its one executor), 1 in
     * process.
     */
    int executors() {
        if (sc == null || sc.isLocal()) {
            return 1;
        }
        return Math.max(0, sc.sc().statusTracker().getExecutorInfos().length - 1);
    }

    String sparkVersion() {
        return sc == null ? "none" : sc.version();
    }

    String master() {
        return sc == null ? "in process (--local)" : sc.master();
    }
}
