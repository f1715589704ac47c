package io.sparknn.jobs.bench;

import dev.ludovic.netlib.blas.BLAS;
import io.sparknn.engine.kernel.Blas;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The sgemm rate of the BLAS the engine uses, measured in the benchmark's own JVM so that the
 * engine's GFLOP/s can be read against it. With {@code threads} &gt; 1, that many calls run at once
 * on their own threads (as the engine splits a batch) and the rates add up.
 */
final class Sgemm {
    private Sgemm() {
    }

    /** GFLOP/s of square n×n×n products: the best of a few timed rounds after a warm-up. */
    static double gflops(int n, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double best = 0;
            for (int round = 0; round < 6; round++) {
                List<Future<Double>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    fs.add(pool.submit(() -> oneThread(n)));
                }
                double sum = 0;
                for (Future<Double> f : fs) {
                    sum += f.get();
                }
                if (round > 0) {
                    best = Math.max(best, sum);
                }
            }
            return best;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double oneThread(int n) {
        BLAS blas = Blas.get();
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble();
            b[i] = (float) r.nextDouble();
        }
        long flops = 0;
        long start = System.nanoTime();
        // at least 0.3 s per round, so timer resolution and thread start do not count
        while (System.nanoTime() - start < 300_000_000L) {
            blas.sgemm("N", "N", n, n, n, 1f, a, n, b, n, 0f, c, n);
            flops += 2L * n * n * n;
        }
        return flops / (double) (System.nanoTime() - start);
    }
}
