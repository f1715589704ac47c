package io.sparknn.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The ranges of an element-wise pass cover every index exactly once, however many threads there are. */
class ParallelTest {

    @Test
    void everyIndexIsInExactlyOneRange() {
        for (int threads = 1; threads <= 5; threads++) {
            for (int minRange : new int[] {1, 3, 7}) {
                try (Parallel p = Parallel.of(threads, minRange)) {
                    for (int n = 0; n <= 60; n++) {
                        AtomicIntegerArray seen = new AtomicIntegerArray(n);
                        int[] calls = new int[1];
                        p.forRanges(n, (from, to) -> {
                            synchronized (calls) {
                                calls[0]++;
                            }
                            for (int i = from; i < to; i++) {
                                seen.incrementAndGet(i);
                            }
                        });
                        for (int i = 0; i < n; i++) {
                            assertEquals(1, seen.get(i), "threads " + threads + " n " + n + " index " + i);
                        }
                        int want = threads == 1 ? 1 : Math.max(1, Math.min(4 * threads, n / minRange));
                        assertEquals(want, p.ranges(n));
                        assertEquals(want, calls[0], "threads " + threads + " n " + n);
                    }
                }
            }
        }
    }

    @Test
    void aTestIsTrueWhereverTheOneTrueIndexLies() {
        try (Parallel p = Parallel.of(3, 1)) {
            for (int n = 1; n <= 20; n++) {
                for (int hit = 0; hit < n; hit++) {
                    int h = hit;
                    assertTrue(p.anyInRanges(n, (from, to) -> from <= h && h < to), "n " + n + " hit " + hit);
                }
                assertFalse(p.anyInRanges(n, (from, to) -> false));
            }
        }
    }

    @Test
    void aFailureInAnyRangeReachesTheCaller() {
        try (Parallel p = Parallel.of(3, 1)) {
            for (int bad = 0; bad < 3; bad++) {
                int b = bad;
                IllegalStateException e = assertThrows(
                        IllegalStateException.class,
                        () -> p.forRanges(9, (from, to) -> {
                            if (from == 3 * b) {
                                throw new IllegalStateException("range " + b);
                            }
                        }));
                assertEquals("range " + bad, e.getMessage());
            }
        }
    }

    @Test
    void oneThreadIsTheSharedSerialInstance() {
        assertSame(Parallel.SERIAL, Parallel.of(1));
        try (Parallel p = Parallel.of(4)) {
            assertEquals(1, p.ranges(Parallel.MIN_RANGE * 2 - 1), "ranges are at least MIN_RANGE long");
            assertEquals(4, p.ranges(Parallel.MIN_RANGE * 4));
            assertEquals(16, p.ranges(Parallel.MIN_RANGE * 100), "four ranges a thread");
        }
    }
}
