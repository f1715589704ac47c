package io.sparknn.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.Streams;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.sequence.SlidingWindows;
import io.sparknn.trainer.sequence.TextSplit;
import io.sparknn.trainer.spark.SparkGradientSource;
import io.sparknn.trainer.spark.SparkStatefulGradientSource;
import io.sparknn.trainer.spark.TrainingData;
import java.io.IOException;
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
 * A text larger than Spark's storage memory ({@link LargerThanMemoryTest}'s setting: 3 MB for
 * storage and execution): its files' characters, its windows (8 bytes per character at stride =
 * window) and its streams (4 bytes per character) are blocks that do not all fit, kept on disk with
 * MEMORY_AND_DISK, and training on them gives the bits training on the driver's blocks gives.
 */
class TextLargerThanMemoryTest {
    private static final Map<String, String> SMALL_MEMORY =
            Map.of("spark.testing.memory", "471859200", "spark.memory.fraction", "0.02");
    private static final StorageLevel DISK = StorageLevel.MEMORY_AND_DISK();

    @TempDir
    Path tmp;

    @AfterAll
    static void backToDefaults() {
        SparkTestContext.restart();
    }

    private static RDDInfo storage(JavaSparkContext sc, JavaRDD<?> rdd) {
        return Arrays.stream(sc.sc().getRDDStorageInfo())
                .filter(i -> i.id() == rdd.id())
                .findFirst()
                .orElseThrow();
    }

    @Test
    void windowsAndStreamsThatDoNotFitAreKeptOnDiskAndTrainToTheDriverReadsBits() throws IOException {
        String whole = DistributedTextTest.text(1_000_000, 13);
        Path dir = DistributedTextTest.split(tmp.resolve("text"), whole, 300_000, 650_000);
        JavaSparkContext sc = SparkTestContext.get(SMALL_MEMORY);
        TextSplit expected = TextSplit.of(whole, "t", 0.01);
        NetworkSpec spec = DistributedTextTest.spec(expected.vocabulary().size());
        int window = DistributedTextTest.WINDOW;
        int partitions = 4;
        try (DistributedText d = DistributedText.read(sc, dir.toString(), 0, DISK)) {
            long trainChars = expected.train().length;
            assertArrayEquals(expected.validation(), d.ids(trainChars, d.length()));

            DistributedDataset.Partitioned w = d.windows(trainChars, window, window, partitions, DISK);
            RDDInfo windows = storage(sc, w.rdd());
            assertEquals(partitions, windows.numCachedPartitions());
            assertTrue(windows.diskSize() > 0, "some blocks should be on disk: " + windows);
            ExampleBlock all = SlidingWindows.block(expected.train(), window, window);
            List<ExampleBlock> inMemory = ExampleBlock.split(all, ExampleBlock.evenSizes(all.n, partitions));
            JavaRDD<ExampleBlock> broadcast = TrainingData.cache(sc, inMemory, StorageLevel.MEMORY_ONLY());
            double[] driver = DistributedTextTest.train(
                    new SparkGradientSource(sc, broadcast, all.n, spec, Precision.FLOAT64, 1), spec, 16, 4);
            broadcast.unpersist(false);
            double[] tasks = DistributedTextTest.train(
                    new SparkGradientSource(sc, w.rdd(), w.n(), spec, Precision.FLOAT64, 1), spec, 16, 4);
            w.rdd().unpersist(false);
            assertArrayEquals(driver, tasks, 0.0, "sliding windows");

            int streams = 8;
            DistributedText.StreamParts st = d.streams(trainChars, streams, window, partitions, DISK);
            RDDInfo streamInfo = storage(sc, st.rdd());
            assertTrue(streamInfo.diskSize() > 0, "some streams should be on disk: " + streamInfo);
            double[] driverStateful = DistributedTextTest.train(
                    SparkStatefulGradientSource.spark(
                            sc,
                            Streams.of(expected.train(), streams, window).split(partitions),
                            spec,
                            Precision.FLOAT64,
                            1),
                    spec,
                    streams,
                    4);
            double[] tasksStateful = DistributedTextTest.train(
                    SparkStatefulGradientSource.spark(sc, st, spec, Precision.FLOAT64, 1), spec, streams, 4);
            assertArrayEquals(driverStateful, tasksStateful, 0.0, "stateful streams");
        }
    }
}
