package io.sparknn.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link EpochPermutation} must be a bijection of [0, n) for every n, seed and epoch: a position
 * hit twice would train one example twice in an epoch and skip another. Sizes cover the edges of
 * the Feistel domain (the next power of four: 4, 16, 64, ...) where cycle walking starts or stops.
 */
class EpochPermutationTest {
    private static final long[] SIZES = {
        1, 2, 3, 4, 5, 7, 8, 13, 15, 16, 17, 31, 63, 64, 65, 97, 127, 128, 255, 256, 257, 1000, 1023, 1024, 1025, 4093,
        4096, 65521, 65536, 65537, 100003
    };
    private static final long[] SEEDS = {0, 1, 42, -1, Long.MIN_VALUE, Long.MAX_VALUE};

    @Test
    void everyPositionIsTakenOnceForManySizesSeedsAndEpochs() {
        for (long n : SIZES) {
            for (long seed : SEEDS) {
                for (int epoch : new int[] {0, 1, 9}) {
                    EpochPermutation perm = new EpochPermutation(n, seed, epoch);
                    assertEquals(n, perm.size());
                    boolean[] taken = new boolean[(int) n];
                    for (long id = 0; id < n; id++) {
                        long position = perm.position(id);
                        String where = "n " + n + ", seed " + seed + ", epoch " + epoch + ", id " + id;
                        assertTrue(position >= 0 && position < n, where + ": position " + position);
                        assertTrue(!taken[(int) position], where + ": position " + position + " taken twice");
                        taken[(int) position] = true;
                    }
                }
            }
        }
    }

    @Test
    void epochsAndSeedsShuffleDifferentlyAndTheSameTriplesRepeat() {
        long n = 1000;
        long[] epoch0 = positions(n, 42, 0);
        assertEquals(Arrays.toString(epoch0), Arrays.toString(positions(n, 42, 0)), "a function of (n, seed, epoch)");
        assertNotEquals(Arrays.toString(epoch0), Arrays.toString(positions(n, 42, 1)), "another epoch, another order");
        assertNotEquals(Arrays.toString(epoch0), Arrays.toString(positions(n, 43, 0)), "another seed, another order");
        long fixed = 0;
        for (int id = 0; id < n; id++) {
            fixed += epoch0[id] == id ? 1 : 0;
        }
        assertTrue(fixed < 10, fixed + " of 1000 ids keep their place: not shuffled");
    }

    @Test
    void anEmptySetAndAnIdOutsideAreRefused() {
        IllegalArgumentException empty =
                assertThrows(IllegalArgumentException.class, () -> new EpochPermutation(0, 1, 0));
        assertEquals("permutation of 0 elements", empty.getMessage());
        EpochPermutation perm = new EpochPermutation(5, 1, 0);
        assertEquals(
                "id 5 outside [0, 5)",
                assertThrows(IllegalArgumentException.class, () -> perm.position(5))
                        .getMessage());
        assertEquals(
                "id -1 outside [0, 5)",
                assertThrows(IllegalArgumentException.class, () -> perm.position(-1))
                        .getMessage());
    }

    @Test
    void stepsPerEpochCountsTheSmallerLastBatch() {
        assertEquals(5, EpochPermutation.stepsPerEpoch(103, 24));
        assertEquals(4, EpochPermutation.stepsPerEpoch(96, 24));
        assertEquals(1, EpochPermutation.stepsPerEpoch(1, 24));
        assertEquals(0, EpochPermutation.stepsPerEpoch(0, 24));
        assertEquals(
                4_000_000_000L / 3 + 1, EpochPermutation.stepsPerEpoch(4_000_000_000L, 3), "longs, no int overflow");
    }

    private static long[] positions(long n, long seed, int epoch) {
        EpochPermutation perm = new EpochPermutation(n, seed, epoch);
        long[] p = new long[(int) n];
        for (int id = 0; id < n; id++) {
            p[id] = perm.position(id);
        }
        return p;
    }
}
