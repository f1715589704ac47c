package io.sparknn.bench;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.Blas;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Character-LSTM throughput, forward + backward (no optimizer step), the shape of
 * tools/pytorch/lstm_bench.py: one-hot input of 70 symbols, LSTM hidden 256 over windows of 100,
 * a dense head per step and softmax cross-entropy over all n·T steps, batch 64, float32.
 * chars/s = batch · window / seconds per iteration, for the median and the fastest of the timed
 * iterations (the fastest is the figure to compare on a shared machine), and chars per CPU-second
 * of the whole process. Not a test: run as a main with the engine's test classpath,
 * OPENBLAS_NUM_THREADS=1 when the network runs on more than one thread (each thread runs its own
 * chunk of the batch).
 *
 * <p>Arguments: {@code [threads [iterations]]}, default 2 threads, 30 timed iterations.
 */
public final class LstmBench {
    static final int VOCAB = 70;
    static final int HIDDEN = 256;
    static final int BATCH = 64;
    static final int WINDOW = 100;

    private LstmBench() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        NetworkSpec spec = NetworkSpec.builder(Shape.of(WINDOW, VOCAB))
                .lstm(HIDDEN, true)
                .dense(VOCAB)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        try (Network net = Network.create(spec, Network.Options.of(Precision.FLOAT32, threads), 1)) {
            Batch batch = oneHotBatch(new SplittableRandom(0));
            // warm-up: lets C2 compile the step kernels
            for (int i = 0; i < 10; i++) {
                net.computeGradients(batch);
            }
            double[] seconds = new double[iterations];
            long cpu0 = processCpuNanos();
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                net.computeGradients(batch);
                seconds[i] = (System.nanoTime() - t0) / 1e9;
            }
            double cpuPerIteration = (processCpuNanos() - cpu0) / 1e9 / iterations;
            Arrays.sort(seconds);
            double median = seconds[iterations / 2];
            double fastest = seconds[0];
            int chars = BATCH * WINDOW;
            System.out.printf(
                    "sparknn threads=%d blas=%s OPENBLAS_NUM_THREADS=%s hidden=%d batch=%d window=%d vocab=%d: "
                            + "median %.1f ms = %,.0f chars/s, fastest %.1f ms = %,.0f chars/s over %d iterations; "
                            + "%.1f CPU-ms per iteration = %,.0f chars per CPU-second%n",
                    threads,
                    Blas.implementationName(),
                    Blas.openBlasThreads(),
                    HIDDEN,
                    BATCH,
                    WINDOW,
                    VOCAB,
                    median * 1000,
                    chars / median,
                    fastest * 1000,
                    chars / fastest,
                    iterations,
                    cpuPerIteration * 1000,
                    chars / cpuPerIteration);
        }
    }

    /** CPU time of the whole process (all threads): a figure the other users of shared cores do not move much. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** x (batch, window, vocab) one-hot of random symbols; the label of each step is the next symbol. */
    private static Batch oneHotBatch(SplittableRandom rng) {
        Storage x = Storage.allocate(Precision.FLOAT32, BATCH * WINDOW * VOCAB);
        int[] labels = new int[BATCH * WINDOW];
        for (int e = 0; e < BATCH; e++) {
            int symbol = rng.nextInt(VOCAB);
            for (int t = 0; t < WINDOW; t++) {
                int row = e * WINDOW + t;
                x.set(row * VOCAB + symbol, 1);
                symbol = rng.nextInt(VOCAB);
                labels[row] = symbol;
            }
        }
        return Batch.of(x, BATCH, Targets.labels(labels));
    }
}
