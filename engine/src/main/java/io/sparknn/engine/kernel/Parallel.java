package io.sparknn.engine.kernel;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's thread budget for element-wise passes over a flat vector (adding gradients,
 * scaling, an optimizer's update, the non-finite check): {@link #forRanges} cuts {@code [0, n)}
 * into contiguous, disjoint ranges, a few per thread, which the caller's thread and a pool of
 * {@code threads − 1} daemon threads take in turn, and returns when all are done.
 * Each element still sees the same float operations in the same order, so a pass gives the same
 * bits on any number of threads; a reduction whose order matters (a norm's sum) must not be cut.
 * A range is never shorter than {@code minRange} elements: below that, handing work to another
 * thread (tens of µs on a busy machine) costs more than the pass.
 */
public final class Parallel implements AutoCloseable {
    /** Ranges per thread in a pass, so that the threads free first take the ranges of the others. */
    private static final int RANGES_PER_THREAD = 4;

    /** The fewest elements of a range by default: 64 KB of float32. */
    public static final int MIN_RANGE = 1 << 14;

    /** One thread: every pass runs on the caller's thread. */
    public static final Parallel SERIAL = new Parallel(1, MIN_RANGE);

    /** The work on one range {@code [from, to)}. */
    public interface Range {
        void run(int from, int to);
    }

    /** A condition on one range {@code [from, to)} (named so: the job jar check refuses classes named like tests). */
    public interface RangeCondition {
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
        return threads == 1 ? 1 : Math.max(1, Math.min(threads * RANGES_PER_THREAD, n / minRange));
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

    /**
     * True if {@code test} holds on any range of {@code [0, n)}; every range is tested, as
     * {@link #forRanges} runs them (after a failure the ranges not yet started are skipped and
     * the failure is thrown here). Returns once no range runs any more.
     */
    public boolean anyInRanges(int n, RangeCondition test) {
        int parts = ranges(n);
        if (parts == 1) {
            return test.test(0, n);
        }
        Pass pass = new Pass(n, parts, test);
        for (int h = Math.min(threads, parts) - 1; h > 0; h--) {
            pool.execute(pass);
        }
        pass.run();
        return pass.result();
    }

    /**
     * One pass's ranges, claimed in turn by the caller and the pool's threads: a thread busy with
     * another task, or one the machine does not schedule, leaves its ranges to the others, and a
     * helper that starts after the last range was claimed does nothing.
     */
    private static final class Pass implements Runnable {
        private final int n;
        private final int parts;
        private final RangeCondition test;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch done;
        private final AtomicBoolean any = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Pass(int n, int parts, RangeCondition test) {
            this.n = n;
            this.parts = parts;
            this.test = test;
            this.done = new CountDownLatch(parts);
        }

        @Override
        public void run() {
            for (int r = next.getAndIncrement(); r < parts; r = next.getAndIncrement()) {
                try {
                    if (failure.get() == null && test.test(rangeStart(n, parts, r), rangeStart(n, parts, r + 1))) {
                        any.set(true);
                    }
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        }

        /** Waits for every range, then rethrows the first failure or returns whether a test held. */
        boolean result() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the ranges write the caller's arrays: never return while one runs
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable f = failure.get();
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error err) {
                throw err;
            }
            return any.get();
        }
    }

    /**
     * Runs {@code task} on the pool (the caller's thread when there is none); {@link #await} runs
     * it on the caller if no pool thread has started it by then.
     */
    public <T> Future<T> submit(Callable<T> task) {
        FutureTask<T> f = new FutureTask<>(task);
        if (pool != null) {
            pool.execute(f);
        } else {
            f.run();
        }
        return f;
    }

    /**
     * The result of a task of {@link #submit}, its exception rethrown unchecked. A task no pool
     * thread has started yet (all busy, or not scheduled on a loaded machine) runs here and then;
     * a task does the same work on any thread.
     */
    public static <T> T await(Future<T> f) {
        if (f instanceof FutureTask<T> t) {
            t.run(); // returns at once when a pool thread has started or finished it
        }
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
