package io.sparknn.trainer.data;

import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.Streams;
import io.sparknn.trainer.sequence.SlidingWindows;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;
import scala.Tuple3;

/**
 * A text read where Spark runs its tasks and never gathered on the driver, as the table formats
 * are ({@link DistributedDataset}): one task per file (a file, or a directory's files in name
 * order, plain or gzipped, on any Hadoop file system), the files' characters persisted until they
 * are cut into training data. The driver sees each file's summary only (its length in characters,
 * its character set, its first error) and places the files at global character offsets: the text
 * is the files one after another, cut to {@code max_chars}. Everything after is defined by global
 * offsets, so it does not depend on how the text is split into files or partitions: the
 * vocabulary is the union of the character sets (sorted), sliding windows are cut in the task
 * holding their first character and laid out in blocks by window id, stateful streams are
 * contiguous offset ranges gathered in the partition that serves them. The result is the text a
 * read on the driver gives, bit for bit ({@link TextReader#readFile}).
 */
public final class DistributedText implements AutoCloseable {
    private final JavaSparkContext sc;
    private final String location;
    private final JavaRDD<TextPart> parts;
    /** Global offset of each file's first character. */
    private final long[] starts;
    /** Characters of each file within the text (less than the file's when max_chars cuts it). */
    private final long[] lengths;
    /** Each file's whole length and character set, from its summary. */
    private final long[] fileLengths;

    private final int[][] charsets;
    private final long length;
    private final int[] codePoints;

    private DistributedText(
            JavaSparkContext sc,
            String location,
            JavaRDD<TextPart> parts,
            long[] starts,
            long[] lengths,
            long[] fileLengths,
            int[][] charsets) {
        this.sc = sc;
        this.location = location;
        this.parts = parts;
        this.starts = starts;
        this.lengths = lengths;
        this.fileLengths = fileLengths;
        this.charsets = charsets;
        long n = 0;
        for (long l : lengths) {
            n += l;
        }
        this.length = n;
        this.codePoints = charset(0, n);
    }

    /**
     * Reads {@code location}'s files on the executors, persisted at {@code level}, and places them;
     * the first file in name order that cannot be read is a {@link DataException} naming it (and,
     * for invalid UTF-8, the byte offset and line). A text without a character is an error naming
     * the location.
     *
     * @param maxChars the text's first this many characters are read (0: all)
     */
    public static DistributedText read(JavaSparkContext sc, String location, long maxChars, StorageLevel level) {
        List<Tuple2<String, String>> files = TextPart.files(location, sc.hadoopConfiguration());
        List<Tuple3<Integer, String, String>> units = new ArrayList<>();
        for (Tuple2<String, String> f : files) {
            units.add(new Tuple3<>(units.size(), f._1(), f._2()));
        }
        SerializableConfiguration hadoop = new SerializableConfiguration(sc.hadoopConfiguration());
        JavaRDD<TextPart> parts = sc.parallelize(units, units.size())
                .map(u -> TextPart.read(u._1(), u._2(), u._3(), hadoop.value()))
                .persist(level);
        try {
            sc.setJobDescription("read " + location);
            List<TextSummary> summaries = new ArrayList<>();
            InPartitionOrder.forEach(parts.map(TextPart::summary), summaries::add);
            int k = summaries.size();
            long[] starts = new long[k];
            long[] lengths = new long[k];
            long[] fileLengths = new long[k];
            int[][] charsets = new int[k][];
            long next = 0;
            for (TextSummary s : summaries) {
                if (s.error != null) {
                    throw s.error;
                }
                starts[s.index] = next;
                lengths[s.index] = maxChars > 0 ? Math.min(s.length, Math.max(0, maxChars - next)) : s.length;
                fileLengths[s.index] = s.length;
                charsets[s.index] = s.charset;
                next += lengths[s.index];
            }
            if (next == 0) {
                throw DataException.of(location, "holds no text");
            }
            return new DistributedText(sc, location, parts, starts, lengths, fileLengths, charsets);
        } catch (RuntimeException | Error e) {
            parts.unpersist(false);
            throw e;
        }
    }

    /** The text's characters (code points), within max_chars. */
    public long length() {
        return length;
    }

    /** How many files the text was read from. */
    public int files() {
        return starts.length;
    }

    /** The vocabulary: the distinct code points of the text, ascending (the union of the files' sets). */
    public int[] codePoints() {
        return codePoints.clone();
    }

    /**
     * The distinct code points of characters [from, to), ascending: a file wholly inside from its
     * summary, the part of one cut by the range computed where it lives.
     */
    public int[] charset(long from, long to) {
        BitSet all = new BitSet();
        List<long[]> partial = new ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            long a = Math.max(from, starts[i]);
            long b = Math.min(to, starts[i] + lengths[i]);
            if (a >= b) {
                continue;
            }
            if (a == starts[i] && b - a == fileLengths[i]) {
                for (int cp : charsets[i]) {
                    all.set(cp);
                }
            } else {
                partial.add(new long[] {i, a - starts[i], b - starts[i]});
            }
        }
        if (!partial.isEmpty()) {
            sc.setJobDescription("character set of " + location);
            List<long[]> ranges = partial;
            List<int[]> sets = parts.flatMap(p -> {
                        List<int[]> out = new ArrayList<>();
                        for (long[] r : ranges) {
                            if (r[0] == p.index) {
                                out.add(p.charset(r[1], r[2]));
                            }
                        }
                        return out.iterator();
                    })
                    .collect();
            for (int[] set : sets) {
                for (int cp : set) {
                    all.set(cp);
                }
            }
        }
        return all.stream().toArray();
    }

    /** The ids of characters [from, to) in the vocabulary, gathered on the driver (the held-out tail). */
    public int[] ids(long from, long to) {
        int[] out = new int[Math.toIntExact(to - from)];
        int[] vocabulary = codePoints;
        long[] s = starts;
        long[] l = lengths;
        sc.setJobDescription("held-out characters of " + location);
        InPartitionOrder.forEach(parts.map(p -> piece(p, s[p.index], l[p.index], from, to, vocabulary)), piece -> {
            if (piece != null) {
                System.arraycopy(piece.ids, 0, out, (int) (piece.from - from), piece.ids.length);
            }
        });
        return out;
    }

    /** Characters of a part at global offsets [from, to) as ids (null when it holds none of them). */
    private static TextPiece piece(TextPart p, long start, long length, long from, long to, int[] vocabulary) {
        long a = Math.max(from, start);
        long b = Math.min(to, start + length);
        return a >= b ? null : new TextPiece(a, p.ids(a - start, b - start, vocabulary));
    }

    /**
     * Sliding windows over characters [0, trainChars): window j starts at offset j·stride
     * ({@link SlidingWindows}). Each is cut in the task that holds its first character (with the
     * characters of the files after it that the window reaches, gathered first), then laid out in
     * {@code partitions} blocks of even sizes by window id ({@link ExampleBlock#evenSizes}, an empty
     * block for a partition without a window), persisted at {@code level} and materialised: the
     * blocks {@code SlidingWindows.block} of the span, split in {@code partitions}, gives.
     */
    public DistributedDataset.Partitioned windows(
            long trainChars, int window, int stride, int partitions, StorageLevel level) {
        int n = SlidingWindows.count(Math.toIntExact(trainChars), window, stride);
        int k = starts.length;
        // halo[i]: the characters after file i that a window starting in it reaches
        long[][] haloRanges = new long[k][];
        for (int i = 0; i < k; i++) {
            long end = starts[i] + lengths[i];
            haloRanges[i] = new long[] {end, Math.max(end, Math.min(end + window, trainChars))};
        }
        int[] vocabulary = codePoints;
        long[] s = starts;
        long[] l = lengths;
        sc.setJobDescription("window ends of " + location);
        List<Tuple3<Integer, Long, int[]>> ends = parts.flatMap(p -> {
                    List<Tuple3<Integer, Long, int[]>> out = new ArrayList<>();
                    for (int i = 0; i < haloRanges.length; i++) {
                        TextPiece piece =
                                piece(p, s[p.index], l[p.index], haloRanges[i][0], haloRanges[i][1], vocabulary);
                        if (piece != null) {
                            out.add(new Tuple3<>(i, piece.from, piece.ids));
                        }
                    }
                    return out.iterator();
                })
                .collect();
        int[][] halos = new int[k][];
        for (int i = 0; i < k; i++) {
            halos[i] = new int[(int) (haloRanges[i][1] - haloRanges[i][0])];
        }
        for (Tuple3<Integer, Long, int[]> e : ends) {
            int i = e._1();
            System.arraycopy(e._3(), 0, halos[i], (int) (e._2() - haloRanges[i][0]), e._3().length);
        }
        int[] sizes = ExampleBlock.evenSizes(n, partitions);
        long[] blockStarts = new long[partitions + 1];
        for (int p = 0; p < partitions; p++) {
            blockStarts[p + 1] = blockStarts[p] + sizes[p];
        }
        ExampleBlock empty = SlidingWindows.windows(new int[0], 0, 0, window, stride);
        sc.setJobDescription("windows of " + location);
        JavaRDD<ExampleBlock> blocks = parts.flatMapToPair(p -> {
                    long start = s[p.index];
                    long end = start + l[p.index];
                    long first = (start + stride - 1) / stride;
                    long last = Math.min(n, end <= start ? 0 : (end - 1) / stride + 1);
                    if (first >= last) {
                        return List.<Tuple2<Integer, ExampleBlock>>of().iterator();
                    }
                    long from = first * stride;
                    int need = Math.toIntExact((last - 1 - first) * stride + window + 1);
                    int[] tokens = new int[need];
                    int own = (int) Math.min(need, end - from);
                    System.arraycopy(p.ids(from - start, from - start + own, vocabulary), 0, tokens, 0, own);
                    System.arraycopy(halos[p.index], 0, tokens, own, need - own);
                    ExampleBlock b = SlidingWindows.windows(tokens, first, (int) (last - first), window, stride);
                    return DistributedDataset.pieces(b, first, blockStarts).iterator();
                })
                .partitionBy(new HashPartitioner(partitions))
                .values()
                .mapPartitions(
                        pieces -> {
                            Iterator<ExampleBlock> joined = DistributedDataset.joined(pieces);
                            return joined.hasNext() ? joined : List.of(empty).iterator();
                        },
                        true)
                .persist(level);
        materialise(blocks);
        return new DistributedDataset.Partitioned(blocks, n);
    }

    /**
     * Stateful streams cut where the text lives, and their layout: partition p's streams
     * ({@code streamCount[p]} from {@code firstStream[p]} on) in {@code chunks} chunks of
     * {@code chunkWindows} windows (the last one may hold fewer), chunk c of partition p being
     * {@code rdd}'s partition {@code p·chunks + c}.
     */
    public record StreamParts(
            JavaRDD<Streams> rdd, int[] firstStream, int[] streamCount, int windows, int chunkWindows, int chunks) {}

    /**
     * Token ids a chunk of a partition's streams holds at most (when a window of its streams fits):
     * 8 MB, so that a step's task reads its window's chunk, not all its streams' text (150 MB a
     * partition for a 300 MB text in 8 partitions, more than two tasks can hold in a 512 MB heap).
     */
    public static final int CHUNK_IDS = 1 << 21;

    /** {@link #streams(long, int, int, int, StorageLevel, int)} in chunks of at most {@link #CHUNK_IDS} ids. */
    public StreamParts streams(long trainChars, int streams, int window, int partitions, StorageLevel level) {
        return streams(trainChars, streams, window, partitions, level, CHUNK_IDS);
    }

    /**
     * Characters [0, trainChars) cut into {@code streams} contiguous streams of windows of
     * {@code window} ({@link Streams#of}), in {@code partitions} contiguous ranges of streams
     * ({@link Streams#split}), each range's windows in chunks of as many windows as hold at most
     * {@code chunkIds} token ids (one window at least): each chunk's ranges of global offsets are
     * gathered from the files that hold them into the partition that keeps the chunk, persisted at
     * {@code level} and materialised. Chunk c of partition p holds windows [c·chunkWindows, …) of
     * the streams {@code Streams.of(span, streams, window).split(partitions).get(p)} holds, with
     * the same tokens.
     */
    public StreamParts streams(
            long trainChars, int streams, int window, int partitions, StorageLevel level, int chunkIds) {
        StreamLayout layout = StreamLayout.of(trainChars, streams, window, partitions, chunkIds);
        int windows = layout.windows();
        int[] first = layout.first();
        int[] count = layout.count();
        int chunkWindows = layout.chunkWindows();
        int chunks = layout.chunks();
        long[][][] ranges = layout.rowRanges();
        int[] vocabulary = codePoints;
        long[] s = starts;
        long[] l = lengths;
        sc.setJobDescription("streams of " + location);
        JavaPairRDD<Integer, TextPiece> pieces = parts.flatMapToPair(p -> {
            List<Tuple2<Integer, TextPiece>> out = new ArrayList<>();
            for (int k = 0; k < ranges.length; k++) {
                for (long[] row : ranges[k]) {
                    TextPiece piece = piece(p, s[p.index], l[p.index], row[0], row[1], vocabulary);
                    if (piece != null) {
                        out.add(new Tuple2<>(k, piece));
                    }
                }
            }
            return out.iterator();
        });
        JavaRDD<Streams> rdd = pieces.partitionBy(new HashPartitioner(partitions * chunks))
                .mapPartitionsWithIndex(
                        (k, it) -> {
                            int q = k / chunks;
                            int from = k % chunks * chunkWindows;
                            int held = Math.min(chunkWindows, windows - from);
                            int row = held * window + 1;
                            long[][] rows = ranges[k];
                            // each piece straight into the rows it overlaps (rows of neighbouring
                            // streams may share a character, or leave a gap between them)
                            int[] tokens = new int[Math.multiplyExact(count[q], row)];
                            it.forEachRemaining(t -> {
                                TextPiece piece = t._2();
                                long end = piece.from + piece.ids.length;
                                for (int i = 0; i < rows.length; i++) {
                                    long a = Math.max(piece.from, rows[i][0]);
                                    long b = Math.min(end, rows[i][1]);
                                    if (a < b) {
                                        System.arraycopy(
                                                piece.ids,
                                                (int) (a - piece.from),
                                                tokens,
                                                (int) (i * row + a - rows[i][0]),
                                                (int) (b - a));
                                    }
                                }
                            });
                            return List.of(new Streams(first[q], count[q], window, windows, from, held, tokens))
                                    .iterator();
                        },
                        true)
                .persist(level);
        materialise(rdd);
        return new StreamParts(rdd, first, count, windows, chunkWindows, chunks);
    }

    private static void materialise(JavaRDD<?> rdd) {
        try {
            rdd.count();
        } catch (RuntimeException | Error e) {
            rdd.unpersist(false);
            throw e;
        }
    }

    /** The files' characters are no longer needed once the training data is cut. */
    @Override
    public void close() {
        parts.unpersist(false);
    }
}
