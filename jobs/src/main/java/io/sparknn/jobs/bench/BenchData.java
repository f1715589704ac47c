package io.sparknn.jobs.bench;

import io.sparknn.trainer.TrainingData;
import io.sparknn.trainer.data.ExampleBlock;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * The cached training RDD, made as the trainer makes it ({@code trainer}: {@link TrainingData#cache})
 * or additionally local-checkpointed ({@code checkpoint}). An RDD from {@code parallelize} keeps
 * its data in its partition objects, and a task carries its partition object, so every step's
 * task ships its whole block again even though the block is cached; checkpointing replaces the
 * partitions with index-only ones, so a task ships only the step's closure.
 */
final class BenchData {
    private BenchData() {
    }

    static JavaRDD<ExampleBlock> cache(JavaSparkContext sc, List<ExampleBlock> blocks, String kind) {
        return switch (kind) {
            case "trainer" -> TrainingData.cache(sc, blocks, StorageLevel.MEMORY_ONLY());
            case "checkpoint" -> {
                JavaRDD<ExampleBlock> rdd = sc.parallelize(blocks, blocks.size()).persist(StorageLevel.MEMORY_ONLY());
                rdd.rdd().localCheckpoint();
                sc.setJobDescription("cache training data");
                rdd.count();
                yield rdd;
            }
            default -> throw new IllegalArgumentException("--rdd is trainer or checkpoint, got " + kind);
        };
    }
}
