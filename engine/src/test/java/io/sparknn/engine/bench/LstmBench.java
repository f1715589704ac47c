package io.sparknn.engine.bench;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.Blas;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import java.util.SplittableRandom;

/**
 * Character-LSTM throughput, forward + backward (no optimizer step), the shape of
 * tools/pytorch/lstm_bench.py: one-hot input of 70 symbols, LSTM hidden 256 over windows of 100,
 * a dense head per step and softmax cross-entropy over all n·T steps, batch 64, float32.
 * chars/s = batch · window / seconds per iteration. Not a test: run as a main with the engine's
 * test classpath, OPENBLAS_NUM_THREADS=1 when the network runs on more than one thread.
 *
 * <p>Arguments: {@code [threads [iterations]]}, default 2 threads, 20 iterations per repeat.
 */
public final class LstmBench {
    static final int VOCAB = 70;
    static final int HIDDEN = 256;
    static final int BATCH = 64;
    static final int WINDOW = 100;

    private LstmBench() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        NetworkSpec spec = NetworkSpec.builder(Shape.of(WINDOW, VOCAB)).lstm(HIDDEN, true).dense(VOCAB)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        try (Network net = Network.create(spec, Network.Options.of(Precision.FLOAT32, threads), 1)) {
            Batch batch = oneHotBatch(new SplittableRandom(0));
            for (int i = 0; i < 5; i++) {
                net.computeGradients(batch);
            }
            double best = 0;
            for (int r = 0; r < 3; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    net.computeGradients(batch);
                }
                double seconds = (System.nanoTime() - t0) / 1e9 / iterations;
                double rate = BATCH * WINDOW / seconds;
                best = Math.max(best, rate);
                System.out.printf("repeat %d: %.1f ms/iteration, %,.0f chars/s%n", r, seconds * 1000, rate);
            }
            System.out.printf("sparknn threads=%d blas=%s OPENBLAS_NUM_THREADS=%s hidden=%d batch=%d window=%d vocab=%d:"
                    + " best %,.0f chars/s%n", threads, Blas.implementationName(), Blas.openBlasThreads(),
                    HIDDEN, BATCH, WINDOW, VOCAB, best);
        }
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
