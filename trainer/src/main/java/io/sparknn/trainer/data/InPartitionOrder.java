package io.sparknn.trainer.data;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * The per-unit results of a data set (statistics, row counts) taken to the driver in unit order
 * whatever the number of units, with the driver's memory bounded by a group of them.
 */
final class InPartitionOrder {
    /** Units whose results the driver takes in one job. */
    private static final int GROUP = 256;

    private InPartitionOrder() {}

    /**
     * Each element of {@code rdd} on the driver in partition order: computed in one job on every
     * core and kept, then taken {@value #GROUP} partitions a job, so the driver holds at most that
     * many units' results at once.
     */
    static <T> void forEach(JavaRDD<T> rdd, java.util.function.Consumer<T> each) {
        JavaRDD<T> kept = rdd.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            kept.count();
            int n = kept.getNumPartitions();
            for (int from = 0; from < n; from += GROUP) {
                int[] ids = java.util.stream.IntStream.range(from, Math.min(n, from + GROUP))
                        .toArray();
                for (List<T> part : kept.collectPartitions(ids)) {
                    part.forEach(each);
                }
            }
        } finally {
            kept.unpersist(false);
        }
    }
}
