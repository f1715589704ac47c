package io.sparknn.engine;

import io.sparknn.engine.kernel.Parallel;
import io.sparknn.engine.kernel.TensorKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The copies of a {@link Network}'s layers a batch is cut across, and the threads that run them:
 * chunk c of a batch is the contiguous examples [n·c/chunks, n·(c+1)/chunks) and runs on replica
 * c, chunk 0 on the caller's thread, the others on a pool; the chunk gradients are then added into
 * replica 0's storage (the network's gradients) in chunk order, so the same thread count gives
 * the same bits run after run. That sum is cut across the same threads by parameter ranges
 * ({@link Parallel}), each parameter still adding chunk 1, 2, … in order. A spec that couples
 * examples (batch norm) gets one replica.
 */
final class Replicas implements AutoCloseable {
    private final Replica[] replicas;
    /** The threads the chunks run on, and the chunk gradients' sum by parameter ranges. */
    private final Parallel threads;

    private final TensorKernels k;

    /** One replica per thread of the options (one if the spec couples examples); the first writes {@code grads}. */
    Replicas(NetworkSpec spec, Network.Options options, Storage params, Storage grads, Storage buffers) {
        this.k = TensorKernels.of(options.precision());
        int chunks = spec.couplesExamples() ? 1 : options.threads();
        this.replicas = new Replica[chunks];
        for (int r = 0; r < chunks; r++) {
            Storage g = r == 0 ? grads : Storage.allocate(options.precision(), params.length());
            replicas[r] = new Replica(spec, options, params, g, buffers);
        }
        this.threads = Parallel.of(chunks);
    }

    /** The replica that runs chunk 0, and every inference pass. */
    Replica first() {
        return replicas[0];
    }

    /** Sets the carried state of every replica (null: zero initial states). */
    void carry(Storage state) {
        for (Replica r : replicas) {
            r.carry(state);
        }
    }

    /** Sets what every replica's synthesisers do (see {@link Replica#syntheticGradients}). */
    void syntheticGradients(boolean inject, boolean learn) {
        for (Replica r : replicas) {
            r.syntheticGradients(inject, learn);
        }
    }

    /**
     * The loss sum, count and right predictions of the batch, its gradient sums in the first
     * replica's storage: in one chunk when the batch has fewer examples than there are replicas,
     * else one chunk per replica.
     */
    LossResult run(Batch batch, Storage inputGrad) {
        return run(batch, (r, from, n) -> r.run(batch, from, n, inputGrad));
    }

    /** The Gauss-Newton-vector product of the batch with {@code v} into the first replica's storage, chunked as {@link #run}. */
    LossResult gaussNewton(Batch batch, Storage v) {
        return run(batch, (r, from, n) -> r.gaussNewton(batch, from, n, v));
    }

    /** What one replica computes over a chunk, into its gradient storage. */
    private interface ChunkWork {
        LossResult apply(Replica r, int from, int n);
    }

    private LossResult run(Batch batch, ChunkWork work) {
        int chunks = batch.n() >= replicas.length ? replicas.length : 1;
        LossResult[] parts = new LossResult[chunks];
        if (chunks == 1) {
            parts[0] = work.apply(replicas[0], 0, batch.n());
        } else {
            List<Future<LossResult>> futures = new ArrayList<>();
            for (int c = 1; c < chunks; c++) {
                int from = chunkStart(batch.n(), chunks, c);
                int to = chunkStart(batch.n(), chunks, c + 1);
                Replica r = replicas[c];
                futures.add(threads.submit(() -> work.apply(r, from, to - from)));
            }
            parts[0] = work.apply(replicas[0], 0, chunkStart(batch.n(), chunks, 1));
            for (int c = 1; c < chunks; c++) {
                parts[c] = Parallel.await(futures.get(c - 1));
            }
            Storage grads = replicas[0].grads();
            threads.forRanges(grads.length(), (from, to) -> {
                for (int c = 1; c < chunks; c++) {
                    k.add(replicas[c].grads(), from, grads, from, to - from);
                }
            });
        }
        double sum = 0;
        long count = 0;
        long correct = 0;
        for (LossResult p : parts) {
            sum += p.sum();
            count += p.count();
            correct = LossResult.addCorrect(correct, p.correct());
        }
        return new LossResult(sum, count, correct);
    }

    private static int chunkStart(int n, int chunks, int c) {
        return (int) ((long) n * c / chunks);
    }

    @Override
    public void close() {
        threads.close();
    }
}
