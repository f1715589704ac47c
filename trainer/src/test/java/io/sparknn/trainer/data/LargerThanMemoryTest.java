package io.sparknn.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Precision;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.trainer.Generated;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.config.LabelType;
import io.sparknn.trainer.config.ScalingKind;
import io.sparknn.trainer.config.TableData;
import io.sparknn.trainer.spark.DistributedEqualsLocalTest;
import io.sparknn.trainer.spark.SparkGradientSource;
import io.sparknn.trainer.spark.TrainingData;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training data larger than Spark's storage memory: with MEMORY_AND_DISK the blocks that do not
 * fit live on disk, and training on them gives the bits training on blocks in memory gives.
 * Spark's testing knob shrinks the memory manager's view of the heap to 450 MB, of which 2 %
 * (3 MB) is for storage and execution; the data set is 4.8 MB of features.
 */
class LargerThanMemoryTest {
    private static final Map<String, String> SMALL_MEMORY =
            Map.of("spark.testing.memory", "471859200", "spark.memory.fraction", "0.02");
    private static final ExampleBlock DATA = Generated.classification(100_000, 12, 3, 11);

    @TempDir
    Path tmp;

    @AfterAll
    static void backToDefaults() {
        SparkTestContext.restart();
    }

    /** DATA as 3 CSV files; Float.toString reads back to the same float. */
    private Path write() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        int[] sizes = {30_000, 50_000, 20_000};
        int row = 0;
        for (int f = 0; f < sizes.length; f++) {
            try (Writer w = Files.newBufferedWriter(dir.resolve("part-" + f + ".csv"))) {
                for (int end = row + sizes[f]; row < end; row++) {
                    for (int j = 0; j < DATA.width; j++) {
                        w.write(Float.toString(DATA.features[row * DATA.width + j]));
                        w.write(',');
                    }
                    w.write(Integer.toString(DATA.labels[row]));
                    w.write('\n');
                }
            }
        }
        return dir;
    }

    private static double[] train(JavaSparkContext sc, JavaRDD<ExampleBlock> rdd) {
        return DistributedEqualsLocalTest.train(
                new SparkGradientSource(sc, rdd, DATA.n, DistributedEqualsLocalTest.SPEC, Precision.FLOAT64, 1),
                Precision.FLOAT64);
    }

    @Test
    void blocksThatDoNotFitAreKeptOnDiskAndTrainToTheSameBits() throws IOException {
        Path dir = write();
        JavaSparkContext sc = SparkTestContext.get(SMALL_MEMORY);
        TableData c = DistributedDatasetTest.csv(dir.toString(), LabelType.INT, ScalingKind.NONE);
        StorageLevel disk = StorageLevel.MEMORY_AND_DISK();
        DistributedDataset.Partitioned spilled;
        try (DistributedDataset d = DistributedDataset.read(sc, c, dir.toString(), null, null, 12, 3, disk)) {
            spilled = d.partition(RowSelection.ALL, null, 4, true, disk);
        }
        RDDInfo info = Arrays.stream(sc.sc().getRDDStorageInfo())
                .filter(i -> i.id() == spilled.rdd().id())
                .findFirst()
                .orElseThrow();
        assertEquals(4, info.numCachedPartitions());
        assertTrue(info.diskSize() > 0, "some blocks should be on disk: " + info);
        assertTrue(info.memSize() < DATA.features.length * 4L, "not all blocks fit in memory: " + info);

        List<ExampleBlock> inMemory = ExampleBlock.split(DATA, ExampleBlock.evenSizes(DATA.n, 4));
        List<ExampleBlock> fromDisk = spilled.rdd().collect();
        for (int p = 0; p < 4; p++) {
            assertArrayEquals(inMemory.get(p).features, fromDisk.get(p).features, 0f);
            assertArrayEquals(inMemory.get(p).labels, fromDisk.get(p).labels);
            assertArrayEquals(inMemory.get(p).ids, fromDisk.get(p).ids);
        }
        JavaRDD<ExampleBlock> broadcast = TrainingData.cache(sc, inMemory, StorageLevel.MEMORY_ONLY());
        try {
            assertArrayEquals(train(sc, broadcast), train(sc, spilled.rdd()), 0.0);
        } finally {
            broadcast.unpersist(false);
            spilled.rdd().unpersist(false);
        }
    }
}
