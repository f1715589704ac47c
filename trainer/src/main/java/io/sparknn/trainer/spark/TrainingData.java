package io.sparknn.trainer.spark;

import io.sparknn.engine.train.ExampleBlock;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/** Caches the training set's blocks, one per partition, as an RDD. */
public final class TrainingData {
    private TrainingData() {}

    /**
     * One block per partition, persisted at {@code level}, materialised once. Each block travels as
     * its own broadcast and the RDD's partitions hold only an index: a parallelized collection would
     * carry its data inside every task of every step (tens of MB per step for MNIST), while a lost
     * cached block is still rebuilt, from the broadcast the driver keeps.
     */
    public static JavaRDD<ExampleBlock> cache(JavaSparkContext sc, List<ExampleBlock> blocks, StorageLevel level) {
        List<org.apache.spark.broadcast.Broadcast<ExampleBlock>> parts = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (ExampleBlock b : blocks) {
            index.add(parts.size());
            parts.add(sc.broadcast(b));
        }
        JavaRDD<ExampleBlock> rdd = sc.parallelize(index, blocks.size())
                .map(i -> parts.get(i).value())
                .persist(level);
        sc.setJobDescription("cache training data");
        rdd.count();
        return rdd;
    }
}
