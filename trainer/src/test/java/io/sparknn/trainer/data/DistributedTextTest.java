package io.sparknn.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.Streams;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.sequence.CharVocabulary;
import io.sparknn.trainer.sequence.SlidingWindows;
import io.sparknn.trainer.sequence.TextSplit;
import io.sparknn.trainer.spark.SparkGradientSource;
import io.sparknn.trainer.spark.SparkStatefulGradientSource;
import io.sparknn.trainer.spark.TrainingData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text read in Spark's tasks gives, bit for bit, what the read on the driver gives: the same
 * vocabulary, held-out tail, sliding-window blocks and stateful streams, and so the same trained
 * weights, for one file and for the same text split into several files (one of them gzipped, cuts
 * that fall inside windows and streams), whatever the partitioning.
 */
class DistributedTextTest {
    private static final StorageLevel LEVEL = StorageLevel.MEMORY_AND_DISK();
    static final int WINDOW = 7;

    @TempDir
    Path tmp;

    /** Words with two-, three- and four-byte characters (a surrogate pair in Java's strings). */
    static String text(int chars, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] words = {"the ", "lörd ", "said ", "ünto ", "mosés, ", "and ", "€ ", "😀 ", "so.\n"};
        StringBuilder b = new StringBuilder();
        // counted as it grows: recounting the whole text each word is quadratic (a minute at 1M)
        for (int codePoints = 0; codePoints < chars; ) {
            String w = words[r.nextInt(words.length)];
            b.append(w);
            codePoints += w.codePointCount(0, w.length());
        }
        return b.toString();
    }

    /** {@code text} cut at these code point offsets into files {@code part-0…} of a directory; file 1 gzipped. */
    static Path split(Path dir, String text, int... cuts) throws IOException {
        Files.createDirectories(dir);
        int from = 0;
        for (int f = 0; f <= cuts.length; f++) {
            int to = f < cuts.length ? text.offsetByCodePoints(0, cuts[f]) : text.length();
            byte[] bytes = text.substring(from, to).getBytes(StandardCharsets.UTF_8);
            Path p = dir.resolve("part-" + f + (f == 1 ? ".txt.gz" : ".txt"));
            if (f == 1) {
                try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
                    o.write(bytes);
                }
            } else {
                Files.write(p, bytes);
            }
            from = to;
        }
        return dir;
    }

    private static DistributedText read(Path location, long maxChars) {
        return DistributedText.read(SparkTestContext.get(), location.toString(), maxChars, LEVEL);
    }

    @Test
    void oneFileAndTheSameTextInFilesGiveTheDriverReadsVocabularyTailWindowsAndStreams() throws IOException {
        String whole = text(3000, 5);
        Path single = Files.writeString(tmp.resolve("text.txt"), whole);
        // cuts inside windows and streams; a file (part-2) shorter than a window
        Path dir = split(tmp.resolve("dir"), whole, 1000, 1003, 2222);
        for (Path location : List.of(single, dir)) {
            TextSplit expected = TextSplit.of(whole, "t", 0.1);
            try (DistributedText d = read(location, 0)) {
                long total = d.length();
                assertEquals(expected.train().length + expected.validation().length, total);
                assertArrayEquals(expected.vocabulary().codePoints(), d.codePoints(), location.toString());
                long trainChars = total - TextSplit.heldOut(total, 0.1);
                assertEquals(expected.train().length, trainChars);
                assertArrayEquals(expected.validation(), d.ids(trainChars, total));
                for (int stride : new int[] {1, WINDOW, 11}) {
                    for (int partitions : new int[] {1, 4}) {
                        assertSameWindows(expected.train(), stride, partitions, d, trainChars);
                    }
                }
                for (int streams : streamCounts(expected.train().length)) {
                    for (int partitions : new int[] {1, 3, 9}) {
                        assertSameStreams(expected.train(), streams, partitions, d, trainChars);
                    }
                    // in 3 partitions, 4 chunks of windows a partition, the last one shorter
                    int windows = (expected.train().length - 1) / streams / WINDOW;
                    int chunkIds = (streams + 2) / 3 * WINDOW * (windows / 4 + 1);
                    assertSameStreams(expected.train(), streams, 3, d, trainChars, chunkIds);
                }
            }
        }
    }

    private static void assertSameWindows(int[] train, int stride, int partitions, DistributedText d, long trainChars) {
        ExampleBlock all = SlidingWindows.block(train, WINDOW, stride);
        List<ExampleBlock> expected = ExampleBlock.split(all, ExampleBlock.evenSizes(all.n, partitions));
        DistributedDataset.Partitioned got = d.windows(trainChars, WINDOW, stride, partitions, LEVEL);
        try {
            assertEquals(all.n, got.n());
            List<ExampleBlock> blocks = got.rdd().collect();
            assertEquals(partitions, blocks.size());
            for (int p = 0; p < partitions; p++) {
                String what = "stride " + stride + ", block " + p + " of " + partitions;
                assertEquals(expected.get(p).n, blocks.get(p).n, what);
                assertArrayEquals(expected.get(p).features, blocks.get(p).features, 0f, what);
                assertArrayEquals(expected.get(p).labels, blocks.get(p).labels, what);
                assertArrayEquals(expected.get(p).ids, blocks.get(p).ids, what);
                assertEquals(expected.get(p).targetRowsPerExample, blocks.get(p).targetRowsPerExample, what);
            }
        } finally {
            got.rdd().unpersist(false);
        }
    }

    /**
     * One stream, and the first counts whose streams overlap by a character (the row of windows
     * and its next character is one longer than the stride between streams) and whose streams
     * leave a gap between them: a stream's row placed at another offset changes their tokens.
     */
    private static int[] streamCounts(int tokens) {
        int overlap = 0;
        int gap = 0;
        for (int s = 2; s < 60 && (overlap == 0 || gap == 0); s++) {
            int length = (tokens - 1) / s;
            int row = length / WINDOW * WINDOW + 1;
            overlap = overlap == 0 && row == length + 1 ? s : overlap;
            gap = gap == 0 && row < length ? s : gap;
        }
        assertTrue(overlap > 0 && gap > 0, "stream counts with an overlap and a gap");
        return new int[] {1, overlap, gap};
    }

    private static void assertSameStreams(
            int[] train, int streams, int partitions, DistributedText d, long trainChars) {
        assertSameStreams(train, streams, partitions, d, trainChars, DistributedText.CHUNK_IDS);
    }

    /**
     * Each partition's streams, in chunks of windows of at most {@code chunkIds} ids when a window
     * of them fits, hold every window of the driver's streams once, with the same tokens.
     */
    private static void assertSameStreams(
            int[] train, int streams, int partitions, DistributedText d, long trainChars, int chunkIds) {
        List<Streams> expected = Streams.of(train, streams, WINDOW).split(partitions);
        DistributedText.StreamParts got = d.streams(trainChars, streams, WINDOW, partitions, LEVEL, chunkIds);
        try {
            List<Streams> parts = got.rdd().collect();
            int k = got.chunkWindows();
            assertEquals(partitions * got.chunks(), parts.size());
            assertTrue((got.chunks() - 1) * k < got.windows() && got.chunks() * k >= got.windows(), "chunks");
            if (chunkIds < DistributedText.CHUNK_IDS) {
                assertTrue(got.chunks() > 1, got.chunks() + " chunks");
            }
            for (int p = 0; p < partitions; p++) {
                Streams e = expected.get(p);
                String what = streams + " streams, partition " + p + " of " + partitions + ", " + chunkIds + " ids";
                assertEquals(e.first(), got.firstStream()[p], what);
                assertEquals(e.count(), got.streamCount()[p], what);
                assertEquals(e.windows(), got.windows(), what);
                if (expected.get(0).count() * WINDOW <= chunkIds) {
                    assertTrue((long) e.count() * k * WINDOW <= chunkIds, what + ": " + k + " windows a chunk");
                }
                for (int c = 0; c < got.chunks(); c++) {
                    Streams g = parts.get(p * got.chunks() + c);
                    assertEquals(e.first(), g.first(), what);
                    assertEquals(e.count(), g.count(), what);
                    assertEquals(e.windows(), g.windows(), what);
                    assertEquals(c * k, g.fromWindow(), what + ", chunk " + c);
                    assertEquals(Math.min(k, e.windows() - c * k), g.heldWindows(), what + ", chunk " + c);
                }
                float[] ei = new float[e.count() * WINDOW];
                float[] gi = new float[e.count() * WINDOW];
                for (int w = 0; w < e.windows(); w++) {
                    Streams g = parts.get(p * got.chunks() + w / k);
                    e.inputs(w, ei);
                    g.inputs(w, gi);
                    assertArrayEquals(ei, gi, 0f, what + ", window " + w);
                    assertArrayEquals(e.labels(w), g.labels(w), what + ", window " + w);
                }
            }
        } finally {
            got.rdd().unpersist(false);
        }
    }

    static NetworkSpec spec(int vocabulary) {
        return NetworkSpec.builder(Shape.of(WINDOW))
                .embedding(vocabulary, 3)
                .lstm(5, true)
                .dense(vocabulary)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    /** Parameters after {@code steps} Adam steps of {@code batch} from seed 42's initial weights. */
    static double[] train(GradientSource source, NetworkSpec spec, int batch, int steps) {
        OptimizerSpec adam = OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM).withLr(0.01);
        try (source;
                Network init = Network.create(spec, Network.Options.of(Precision.FLOAT64, 1), 42)) {
            TrainingState s = new TrainingState(
                    init.parameters().copy(), init.buffers().copy(), adam.create(Precision.FLOAT64, spec.paramCount()));
            new TrainingLoop(
                            new TrainingLoop.Settings(100, batch, 5, 5.0, steps),
                            source,
                            step -> adam.lr(),
                            Precision.FLOAT64)
                    .run(s, (r, st) -> {});
            return s.params.toDoubles();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The weights after training on the windows and streams cut from files on the executors are
     * those after training on the driver's blocks and streams: sliding (shuffled batches) and
     * stateful (state carried across an epoch end).
     */
    @Test
    void trainingOnWindowsAndStreamsCutInTasksGivesTheDriverReadsBits() throws IOException {
        String whole = text(700, 9);
        Path dir = split(tmp.resolve("dir"), whole, 250, 520);
        JavaSparkContext sc = SparkTestContext.get();
        TextSplit expected = TextSplit.of(whole, "t", 0.1);
        NetworkSpec spec = spec(expected.vocabulary().size());
        int partitions = 3;
        try (DistributedText d = read(dir, 0)) {
            long trainChars = expected.train().length;
            ExampleBlock all = SlidingWindows.block(expected.train(), WINDOW, 5);
            JavaRDD<ExampleBlock> driverBlocks = TrainingData.cache(
                    sc, ExampleBlock.split(all, ExampleBlock.evenSizes(all.n, partitions)), StorageLevel.MEMORY_ONLY());
            double[] driver =
                    train(new SparkGradientSource(sc, driverBlocks, all.n, spec, Precision.FLOAT64, 1), spec, 16, 8);
            DistributedDataset.Partitioned w = d.windows(trainChars, WINDOW, 5, partitions, LEVEL);
            double[] tasks =
                    train(new SparkGradientSource(sc, w.rdd(), w.n(), spec, Precision.FLOAT64, 1), spec, 16, 8);
            driverBlocks.unpersist(false);
            w.rdd().unpersist(false);
            assertArrayEquals(driver, tasks, 0.0, "sliding windows");

            int streams =
                    6; // about 630 training characters: 14 windows of 7 per stream, so 16 steps cross an epoch end
            double[] driverStateful = train(
                    SparkStatefulGradientSource.spark(
                            sc,
                            Streams.of(expected.train(), streams, WINDOW).split(partitions),
                            spec,
                            Precision.FLOAT64,
                            1),
                    spec,
                    streams,
                    16);
            DistributedText.StreamParts st = d.streams(trainChars, streams, WINDOW, partitions, LEVEL);
            double[] tasksStateful =
                    train(SparkStatefulGradientSource.spark(sc, st, spec, Precision.FLOAT64, 1), spec, streams, 16);
            assertTrue(st.windows() < 16, "an epoch end within the steps: " + st.windows() + " windows");
            assertArrayEquals(driverStateful, tasksStateful, 0.0, "stateful streams");
            // the streams in chunks of 4 windows: each step reads its window's chunk
            DistributedText.StreamParts chunked =
                    d.streams(trainChars, streams, WINDOW, partitions, LEVEL, 2 * 4 * WINDOW);
            assertEquals(4, chunked.chunkWindows());
            assertTrue(chunked.chunks() > 2, chunked.chunks() + " chunks");
            double[] chunkedStateful = train(
                    SparkStatefulGradientSource.spark(sc, chunked, spec, Precision.FLOAT64, 1), spec, streams, 16);
            assertArrayEquals(driverStateful, chunkedStateful, 0.0, "stateful streams in chunks");
        }
    }

    @Test
    void maxCharsCutsTheTextAndItsVocabularyWhereverTheFilesEnd() throws IOException {
        String whole = "abc" + "déf" + "ghi😀" + "xyz";
        Path dir = split(tmp.resolve("dir"), whole, 3, 6, 10);
        for (long max : new long[] {5, 9, 10, 11, 100}) {
            String cut = max >= 13 ? whole : whole.substring(0, whole.offsetByCodePoints(0, (int) max));
            try (DistributedText d = read(dir, max)) {
                assertEquals(cut.codePointCount(0, cut.length()), d.length(), "max_chars " + max);
                assertArrayEquals(CharVocabulary.of(cut).codePoints(), d.codePoints(), "max_chars " + max);
                assertArrayEquals(CharVocabulary.of(cut).encode(cut, "t", 0), d.ids(0, d.length()), "max_chars " + max);
            }
            assertEquals(
                    cut,
                    TextReader.readFile(
                            dir.toString(), max, SparkTestContext.get().hadoopConfiguration()));
        }
    }

    @Test
    void theFirstBadFileInNameOrderIsNamedWithItsByteOffset() throws IOException {
        int cached = SparkTestContext.get().sc().getPersistentRDDs().size();
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(dir.resolve("a.txt"), "good text\n");
        Files.write(dir.resolve("b.txt"), new byte[] {'o', 'k', '\n', 'x', (byte) 0xC3, 0x28});
        Files.write(dir.resolve("c.txt"), new byte[] {(byte) 0xFF});
        DataException e = assertThrows(DataException.class, () -> read(dir, 0));
        assertEquals(
                dir.resolve("b.txt").toUri().toString().replace("file:///", "file:/")
                        + " byte 4 (line 2): invalid UTF-8: byte C3",
                e.getMessage());
        DataException onDriver = assertThrows(
                DataException.class,
                () -> TextReader.readFile(
                        dir.toString(), 0, SparkTestContext.get().hadoopConfiguration()));
        assertEquals(e.getMessage(), onDriver.getMessage());
        Path empty = Files.createDirectories(tmp.resolve("bom"));
        Files.write(empty.resolve("only-a-bom.txt"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        DataException nothing = assertThrows(DataException.class, () -> read(empty, 0));
        assertEquals(empty + ": holds no text", nothing.getMessage());
        assertEquals(cached, SparkTestContext.get().sc().getPersistentRDDs().size(), "nothing stays cached");
    }
}
