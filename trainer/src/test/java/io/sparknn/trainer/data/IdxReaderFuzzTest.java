package io.sparknn.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknn.engine.SparknnException;
import io.sparknn.engine.fuzz.FuzzRun;
import io.sparknn.engine.fuzz.Mutations;
import io.sparknn.engine.fuzz.ReaderProperty;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the IDX reader as a data unit runs it ({@link IdxReader#read} of an images file and its
 * labels file) with mutations of valid pairs, the images, the labels or both mutated: every pair
 * gives examples or one {@link DataException} at a byte of one of the two files.
 */
class IdxReaderFuzzTest {
    private static final String IMAGES = "data/fuzz-images-idx3-ubyte";
    private static final String LABELS = "data/fuzz-labels-idx1-ubyte.gz";

    private static final List<String> TOKENS = List.of("\0\0\b\3", "\0\0\b\1", "\0\0\0\0", "\u00ff\u00ff\u00ff\u00ff");

    private static final Mutations IMAGE_FILES = new Mutations(
            List.of(
                    new Mutations.Seed("3 images of 2x3", IdxReaderTest.images(IdxReader.IMAGES_MAGIC, 3, 2, 3)),
                    new Mutations.Seed(
                            "2 images of 4x4, gzipped",
                            Mutations.gzip(IdxReaderTest.images(IdxReader.IMAGES_MAGIC, 2, 4, 4)))),
            TOKENS);

    private static final Mutations LABEL_FILES = new Mutations(
            List.of(
                    new Mutations.Seed("3 labels", IdxReaderTest.labels(IdxReader.LABELS_MAGIC, 0, 9, 2)),
                    new Mutations.Seed(
                            "2 labels, gzipped", Mutations.gzip(IdxReaderTest.labels(IdxReader.LABELS_MAGIC, 1, 0)))),
            TOKENS);

    /** Which of the pair is mutated. */
    enum Mutated {
        IMAGES,
        LABELS,
        BOTH
    }

    private static final List<Mutated> MUTATED = List.of(Mutated.IMAGES, Mutated.LABELS, Mutated.BOTH);

    /** A pair: a valid images file and its labels, one or both mutated by the same steps; the network's class count. */
    record Pair(Mutated mutated, Mutations.Input images, Mutations.Input labels, int classes) implements FuzzRun.Case {
        static Pair next(SplittableRandom random) {
            Mutated m = MUTATED.get(random.nextInt(MUTATED.size()));
            int seed = random.nextInt(2);
            List<Mutations.Step> steps = Mutations.steps(random, 4);
            int classes = random.nextBoolean() ? 0 : 10;
            return new Pair(
                    m,
                    IMAGE_FILES.apply(seed, m == Mutated.LABELS ? List.of() : steps),
                    LABEL_FILES.apply(seed, m == Mutated.IMAGES ? List.of() : steps),
                    classes);
        }

        /** The images file; the labels go beside it ({@link #otherFiles}). */
        @Override
        public byte[] bytes() {
            return images.bytes();
        }

        @Override
        public Map<String, byte[]> otherFiles() {
            return Map.of("-labels", labels.bytes());
        }
    }

    @Test
    void everyPairIsExamplesOrOneLocatedError() {
        FuzzRun.run("idx", Pair::next, pair -> {
            byte[] images = pair.images().bytes();
            byte[] labels = pair.labels().bytes();
            DataProperty.check(
                    images.length >= labels.length ? images : labels,
                    () -> IdxReader.read(
                            new ByteArrayInputStream(images),
                            IMAGES,
                            new ByteArrayInputStream(labels),
                            LABELS,
                            pair.classes()),
                    IMAGES,
                    LABELS);
        });
    }

    /**
     * Found by the fuzzer at try 219 (a deleted byte shifted the header): 16645887 images of
     * 16909060x84281353 overflowed n · rows · cols to a negative count whose low 32 bits sized a
     * 3 GB pixel array, for a file of 20 bytes.
     */
    @Test
    void aShiftedHeaderWhosePixelCountOverflowsIsRefusedAtTheRows() {
        byte[] images = Mutations.bytes(
                0x00, 0x00, 0x08, 0x03, 0x00, 0xFD, 0xFE, 0xFF, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x08, 0x09, 0x0A,
                0x0B, 0x0C, 0x0D);
        assertRefused(
                images, 3, IMAGES + " byte 8: images of 16909060x84281353 have more pixels than one Java array holds");
    }

    /**
     * Found reading the reader while writing this test: images of 2^31-1 x 2^31-1 overflowed the
     * pixel count (a negative array size with n = 2) and, with n = 0, wrapped the width to an int
     * the shape did not match (an IllegalArgumentException).
     */
    @Test
    void imagesTooLargeForAnArrayAreRefusedBeforeTheCountOverflows() {
        for (int n : new int[] {0, 2}) {
            byte[] images = ByteBuffer.allocate(16)
                    .putInt(IdxReader.IMAGES_MAGIC)
                    .putInt(n)
                    .putInt(Integer.MAX_VALUE)
                    .putInt(Integer.MAX_VALUE)
                    .array();
            assertRefused(
                    images,
                    n,
                    IMAGES + " byte 8: images of 2147483647x2147483647 have more pixels than one Java array holds");
        }
    }

    private static void assertRefused(byte[] images, int n, String message) {
        byte[] labels = IdxReaderTest.labels(IdxReader.LABELS_MAGIC, new int[n]);
        SparknnException e = ReaderProperty.check(
                SparknnException.Kind.BAD_DATA,
                IMAGES,
                images.length,
                () -> IdxReader.read(
                        new ByteArrayInputStream(images), IMAGES, new ByteArrayInputStream(labels), LABELS, 0));
        assertEquals(message, e.getMessage());
    }
}
