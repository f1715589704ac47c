package io.sparknn.engine.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The engine's thread budget for element-wise passes over a flat vector (adding gradients,
 * scaling, an optimizer's update, the non-finite check): {@link #forRanges} cuts {@code [0, n)}
 * into contiguous, disjoint ranges, at most one per thread, runs the first on the caller's thread
 * and the others on a pool of {@code threads − 1} daemon threads, and returns when all are done.
 * Each element still sees the same float operations in the same order, so a pass gives the same
 * bits on any number of threads; a reduction whose order matters (a norm's sum) must not be cut.
 * A range is never shorter than {@code minRange} elements: below that, handing work to another
 * thread (tens of µs on a busy machine) costs more than the pass.
 */
public final class Parallel implements AutoCloseable {
    /** The fewest elements of a range by default: 64 KB of float32. */
    public static final int MIN_RANGE = 1 << 14;

    /** One thread: every pass runs on the caller's thread. */
    public static final Parallel SERIAL = new Parallel(1, MIN_RANGE);

    /** The work on one range {@code [from, to)}. */
    public interface Range {
        void run(int from, int to);
    }

    /** A test on one range {@code [from, to)}. */
    public interface RangeTest {
        boolean test(int from, int to);
    }

    private final int threads;
    private final int minRange;
    private final ExecutorService pool;

    private Parallel(int threads, int minRange) {
        if (threads < 1 || minRange < 1) {
            throw new IllegalArgumentException("threads and minRange must be >= 1, got " + threads + ", " + minRange);
        }
        this.threads = threads;
        this.minRange = minRange;
        this.pool = threads > 1
                ? Executors.newFixedThreadPool(threads - 1, r -> {
                    Thread t = new Thread(r, "sparknn-engine");
                    t.setDaemon(true);
                    return t;
                })
                : null;
    }

    /** {@code threads} threads (the caller's and a pool of the others); {@link #SERIAL} for one. */
    public static Parallel of(int threads) {
        return of(threads, MIN_RANGE);
    }

    /** As {@link #of(int)}, with ranges of at least {@code minRange} elements (tests cut small vectors with 1). */
    public static Parallel of(int threads, int minRange) {
        return threads == 1 && minRange == MIN_RANGE ? SERIAL : new Parallel(threads, minRange);
    }

    public int threads() {
        return threads;
    }

    /** How many ranges {@link #forRanges} cuts {@code n} elements into. */
    public int ranges(int n) {
        return Math.max(1, Math.min(threads, n / minRange));
    }

    /** The first element of range {@code r} of {@code parts} over {@code n}: {@code ⌊n·r/parts⌋}. */
    static int rangeStart(int n, int parts, int r) {
        return (int) ((long) n * r / parts);
    }

    /** Runs {@code body} once on each range of {@code [0, n)}; the ranges are disjoint and cover it. */
    public void forRanges(int n, Range body) {
        anyInRanges(n, (from, to) -> {
            body.run(from, to);
            return false;
        });
    }

    /** True if {@code test} holds on any range of {@code [0, n)}; every range is tested, as {@link #forRanges} runs them. */
    public boolean anyInRanges(int n, RangeTest test) {
        int parts = ranges(n);
        if (parts == 1) {
            return test.test(0, n);
        }
        List<Future<Boolean>> futures = new ArrayList<>(parts - 1);
        for (int r = 1; r < parts; r++) {
            int from = rangeStart(n, parts, r);
            int to = rangeStart(n, parts, r + 1);
            futures.add(pool.submit(() -> test.test(from, to)));
        }
        boolean any;
        try {
            any = test.test(0, rangeStart(n, parts, 1));
        } catch (RuntimeException | Error e) {
            for (Future<Boolean> f : futures) {
                try {
                    await(f); // no range may still run once the pass has failed
                } catch (RuntimeException | Error ignored) {
                    // the caller's failure is the one reported
                }
            }
            throw e;
        }
        RuntimeException first = null;
        for (Future<Boolean> f : futures) {
            try {
                any |= await(f);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return any;
    }

    /** Runs {@code task} on the pool (the caller's thread when there is none). */
    public <T> Future<T> submit(Callable<T> task) {
        if (pool != null) {
            return pool.submit(task);
        }
        java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(task);
        f.run();
        return f;
    }

    /** The result of a task of {@link #submit}, its exception rethrown unchecked. */
    public static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a thread of the engine", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
