package io.sparknn.bench;

import io.sparknn.engine.kernel.Blas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * sgemm rates. {@link #gflops} measures the float32 GEMM the engine uses ({@link Blas#float32}) in the
 * benchmark's own JVM, so that the engine's GFLOP/s can be read against it. With {@code threads}
 * &gt; 1, that many calls run at once on their own threads (as the engine splits a batch) and the
 * rates add up.
 *
 * <p>{@link #main} is the micro-benchmark of issue 32: the GEMMs one training step of the benchmark
 * networks runs on one engine thread's share of the batch (MLP 784-256-128-10 at 64 rows, LeNet at
 * 32 rows with its convolutions' im2col chunks), on each named kernel in turn, in this JVM:
 * <pre>
 * LD_LIBRARY_PATH=&lt;dir of OpenBLAS's libblas.so.3&gt; java &lt;module options&gt; -cp ... io.sparknn.bench.Sgemm \
 *     [--kernels vector,netlib-java,native] [--threads 2] [--rounds 3] [--seconds 0.3] [--clock wall|cpu] [--square 1024]
 * </pre>
 * {@code vector} is the engine's Vector API kernel, {@code netlib-java} netlib's VectorBLAS (with the
 * module), {@code native} netlib's JNIBLAS (OpenBLAS when libblas.so.3 is OpenBLAS's; run with
 * OPENBLAS_NUM_THREADS=1 so that two engine threads are two cores).
 */
final class Sgemm {
    private Sgemm() {}

    /** With {@code --clock cpu}, each thread's rate is per second of its own CPU time (less disturbed by other processes). */
    private static boolean cpuClock;

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private static long now() {
        return cpuClock ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** One product: transA, transB, m, n, k, beta (1 for the weight gradients, which accumulate). */
    record Shape(String net, String what, boolean ta, boolean tb, int m, int n, int k, float beta) {
        long flops() {
            return 2L * m * n * k;
        }
    }

    /** The GEMMs of one training step per engine thread (batch split over 2 threads), as Dense and Conv2d call them. */
    static final List<Shape> SHAPES = List.of(
            new Shape("mlp", "784>256 forward", false, true, 64, 256, 784, 0),
            new Shape("mlp", "784>256 dW", true, false, 256, 784, 64, 1),
            new Shape("mlp", "256>128 forward", false, true, 64, 128, 256, 0),
            new Shape("mlp", "256>128 dW", true, false, 128, 256, 64, 1),
            new Shape("mlp", "256>128 dx", false, false, 64, 256, 128, 0),
            new Shape("mlp", "128>10 forward", false, true, 64, 10, 128, 0),
            new Shape("mlp", "128>10 dW", true, false, 10, 128, 64, 1),
            new Shape("mlp", "128>10 dx", false, false, 64, 128, 10, 0),
            // conv1 5x5x20 over 1x28x28: im2col chunks of 18 examples (10,368 columns), then 14 (8,064)
            new Shape("lenet", "conv1 forward", false, false, 20, 10368, 25, 0),
            new Shape("lenet", "conv1 forward tail", false, false, 20, 8064, 25, 0),
            new Shape("lenet", "conv1 dW", false, true, 20, 25, 10368, 1),
            new Shape("lenet", "conv1 dW tail", false, true, 20, 25, 8064, 1),
            // conv2 5x5x50 over 20x12x12: chunks of 8 examples (512 columns), 4 per thread
            new Shape("lenet", "conv2 forward x4", false, false, 50, 512, 500, 0),
            new Shape("lenet", "conv2 dW x4", false, true, 50, 500, 512, 1),
            new Shape("lenet", "conv2 dcol x4", true, false, 500, 512, 50, 0),
            new Shape("lenet", "800>500 forward", false, true, 32, 500, 800, 0),
            new Shape("lenet", "800>500 dW", true, false, 500, 800, 32, 1),
            new Shape("lenet", "800>500 dx", false, false, 32, 800, 500, 0),
            new Shape("lenet", "500>10 forward", false, true, 32, 10, 500, 0),
            new Shape("lenet", "500>10 dW", true, false, 10, 500, 32, 1),
            new Shape("lenet", "500>10 dx", false, false, 32, 500, 10, 0));

    /** How many times a step runs a shape (conv2's chunks). */
    static int repeats(Shape s) {
        return s.what().endsWith(" x4") ? 4 : 1;
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, "kernels threads rounds seconds square clock");
        cpuClock = a.string("clock", "wall").equals("cpu");
        String[] kernels = a.string("kernels", "vector,netlib-java,native").split(",");
        int threads = a.integer("threads", 2);
        int rounds = a.integer("rounds", 3);
        double seconds = a.number("seconds", 0.3);
        int square = a.integer("square", 1024);
        System.out.println(Environment.describe("sgemm micro-benchmark", threads));
        List<String> names = new ArrayList<>();
        List<Blas.Sgemm> ks = new ArrayList<>();
        for (String k : kernels) {
            try {
                ks.add(Blas.kernel(k));
                names.add(k + "(" + Blas.kernelImplementation(k) + ")");
            } catch (Throwable e) {
                System.out.println("SKIP kernel " + k + ": " + e);
            }
        }
        List<Shape> shapes = new ArrayList<>(SHAPES);
        if (square > 0) {
            shapes.add(new Shape("square", square + "^3", false, false, square, square, square, 0));
        }
        // warm-up: every kernel on every shape once, so the JIT has compiled them before any timing
        for (Blas.Sgemm k : ks) {
            for (Shape sh : shapes) {
                oneThread(k, sh, Math.min(seconds, 0.1));
            }
        }
        // rates[kernel][shape][round], rounds alternate the kernels so a busy spell hits them alike
        double[][][] rates = new double[ks.size()][shapes.size()][rounds];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int r = 0; r < rounds; r++) {
                for (int s = 0; s < shapes.size(); s++) {
                    for (int k = 0; k < ks.size(); k++) {
                        rates[k][s][r] = parallel(pool, ks.get(k), shapes.get(s), threads, seconds);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        StringBuilder head = new StringBuilder(
                String.format(Locale.ROOT, "%-6s %-20s %-22s", "net", "product", "m x n x k (tA,tB)"));
        for (String n : names) {
            head.append(String.format(Locale.ROOT, " %22s", n));
        }
        System.out.println("GFLOP/s" + (cpuClock ? " per CPU-second" : "") + ", " + threads
                + " thread(s) at once, median of " + rounds + " rounds:");
        System.out.println(head);
        for (int s = 0; s < shapes.size(); s++) {
            Shape sh = shapes.get(s);
            StringBuilder line = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%-6s %-20s %-22s",
                    sh.net(),
                    sh.what(),
                    sh.m() + "x" + sh.n() + "x" + sh.k() + " (" + (sh.ta() ? "T" : "N") + "," + (sh.tb() ? "T" : "N")
                            + ")"));
            for (int k = 0; k < ks.size(); k++) {
                line.append(String.format(Locale.ROOT, " %22.1f", median(rates[k][s])));
            }
            System.out.println(line);
        }
        // per network: the step's GEMM time from each shape's rate, and the FLOP-weighted rate
        for (String net : new String[] {"mlp", "lenet"}) {
            StringBuilder line =
                    new StringBuilder(String.format(Locale.ROOT, "%-6s %-43s", net, "whole step (time-weighted)"));
            for (int k = 0; k < ks.size(); k++) {
                double flops = 0;
                double time = 0;
                for (int s = 0; s < shapes.size(); s++) {
                    Shape sh = shapes.get(s);
                    if (sh.net().equals(net)) {
                        double f = (double) sh.flops() * repeats(sh) * threads;
                        flops += f;
                        time += f / (median(rates[k][s]) * 1e9);
                    }
                }
                line.append(String.format(Locale.ROOT, " %22.1f", flops / time / 1e9));
                System.out.printf(
                        Locale.ROOT,
                        "RESULT sgemm net=%s kernel=%s threads=%d gflops=%.1f%n",
                        net,
                        names.get(k),
                        threads,
                        flops / time / 1e9);
            }
            System.out.println(line);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** GFLOP/s of {@code threads} threads each repeating the product on its own matrices for about {@code seconds}. */
    private static double parallel(ExecutorService pool, Blas.Sgemm kernel, Shape sh, int threads, double seconds)
            throws Exception {
        List<Future<Double>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> oneThread(kernel, sh, seconds)));
        }
        double sum = 0;
        for (Future<Double> f : fs) {
            sum += f.get();
        }
        return sum;
    }

    private static double oneThread(Blas.Sgemm kernel, Shape s, double seconds) {
        int lda = s.ta() ? s.m() : s.k();
        int ldb = s.tb() ? s.k() : s.n();
        float[] a = random(s.m() * s.k(), 1);
        float[] b = random(s.k() * s.n(), 2);
        float[] c = new float[s.m() * s.n()];
        // warm-up, then time whole calls for the given time
        long warm = System.nanoTime();
        while (System.nanoTime() - warm < seconds * 0.3e9) {
            kernel.gemm(s.ta(), s.tb(), s.m(), s.n(), s.k(), 1f, a, 0, lda, b, 0, ldb, s.beta(), c, 0, s.n());
        }
        long flops = 0;
        long start = now();
        while (now() - start < seconds * 1e9) {
            kernel.gemm(s.ta(), s.tb(), s.m(), s.n(), s.k(), 1f, a, 0, lda, b, 0, ldb, s.beta(), c, 0, s.n());
            flops += s.flops();
        }
        return flops / (double) (now() - start);
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() - 0.5);
        }
        return v;
    }

    /**
     * GFLOP/s of the products one training step of {@code net} ("mlp" or "lenet") runs per engine
     * thread at its benchmark batch split over 2 threads ({@link #SHAPES}), on the engine's float32
     * GEMM ({@link Blas#float32}), {@code threads} at once on their own matrices: the step's FLOPs
     * over the sum of its products' times, each product's best of three timed runs after a
     * warm-up, as {@link #main}'s "whole step" row. This is the rate the step's GEMMs reach alone
     * (operands hot in cache, nothing between calls); training's GEMM FLOP/s over it is the share
     * of a step the products would take at that rate.
     */
    static double stepGflops(String net, int threads, double seconds) throws Exception {
        Blas.Sgemm kernel = Blas.float32();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double flops = 0;
            double time = 0;
            for (Shape sh : SHAPES) {
                if (!sh.net().equals(net)) {
                    continue;
                }
                double best = 0;
                for (int r = 0; r < 3; r++) {
                    best = Math.max(best, parallel(pool, kernel, sh, threads, seconds));
                }
                double f = (double) sh.flops() * repeats(sh) * threads;
                flops += f;
                time += f / (best * 1e9);
            }
            return flops / time / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    /** GFLOP/s of square n×n×n products on the engine's float32 GEMM: the best of a few timed rounds after a warm-up. */
    static double gflops(int n, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double best = 0;
            for (int round = 0; round < 6; round++) {
                List<Future<Double>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    fs.add(pool.submit(() -> squareOneThread(n)));
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

    private static double squareOneThread(int n) {
        float[] a = random(n * n, 1);
        float[] b = random(n * n, 2);
        float[] c = new float[n * n];
        long flops = 0;
        long start = System.nanoTime();
        // at least 0.3 s per round, so timer resolution and thread start do not count
        while (System.nanoTime() - start < 300_000_000L) {
            Blas.float32().gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            flops += 2L * n * n * n;
        }
        return flops / (double) (System.nanoTime() - start);
    }
}
