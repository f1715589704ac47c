package io.sparknn.engine.train;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import java.util.Arrays;
import java.util.List;

/**
 * Stateful truncated BPTT: the batch of step t of an epoch is window t of every stream (stream
 * order, in place of the per-epoch permutation), and each window starts from the final state of
 * the stream's previous window. Shards keep nothing between steps (on Spark a partition's next
 * task may run on another executor): this driver-side source holds the state of every stream, hands
 * each shard the state of its own streams only, and stores the final state each shard returns with
 * its gradient sums. The state is zero at the start of every epoch (the streams start over)
 * and is part of a checkpoint ({@link #state()}, {@link #restoreState}).
 *
 * <p>Subclasses say where the shards run: {@link #inProcess} one after another in this JVM, the
 * trainer's Spark source as one task per partition; both add the sums in partition order
 * ({@link GradientSum}), so they agree bit for bit for the same partitioning.
 */
public abstract class StatefulGradientSource implements GradientSource {
    protected final int partitions;
    protected final int stateSize;
    protected final String specText;
    private final int streams;
    private final int windows;
    private final double[] state;
    /** The first stream of each partition: where its state rows start. */
    private final int[] firstStream;
    /** The streams of each partition. */
    private final int[] streamCount;

    protected StatefulGradientSource(List<Streams> parts, NetworkSpec spec, Precision precision) {
        this.partitions = parts.size();
        this.streams = parts.stream().mapToInt(Streams::count).sum();
        this.windows = parts.get(0).windows();
        this.firstStream = parts.stream().mapToInt(Streams::first).toArray();
        this.streamCount = parts.stream().mapToInt(Streams::count).toArray();
        this.specText = spec.toText();
        try (Network probe = Network.create(spec, Network.Options.of(precision, 1), 0)) {
            this.stateSize = probe.stateSize();
        }
        if (stateSize == 0) {
            throw new TrainingException(TrainingException.Kind.BAD_CONFIG,
                    "stateful training needs a recurrent layer (lstm or gru) in the network");
        }
        this.state = new double[streams * stateSize];
    }

    /** The partitions computed one after another in this process (the reference, and training without Spark). */
    public static StatefulGradientSource inProcess(List<Streams> parts, NetworkSpec spec, Precision precision,
                                                   int threads) {
        return new InProcess(parts, spec, precision, threads);
    }

    /** Streams: the batch size of every step. */
    public final int streams() {
        return streams;
    }

    /** Windows per stream: the steps of an epoch. */
    public final int windows() {
        return windows;
    }

    /** The carried state of every stream, rows of {@code stateSize} values (a copy). */
    public final synchronized double[] state() {
        return state.clone();
    }

    /** Continues from a checkpoint's state; null means zero (a checkpoint written at an epoch start or before this existed). */
    public final synchronized void restoreState(double[] saved) {
        if (saved == null) {
            Arrays.fill(state, 0);
            return;
        }
        if (saved.length != state.length) {
            // the checkpoint, not the config, is what cannot continue here: as any other refused resume
            throw new TrainingException(TrainingException.Kind.OUTPUT_REFUSED, "the checkpoint holds " + saved.length + " stream state values, the run needs "
                    + state.length + " (" + streams + " streams of " + stateSize + ")");
        }
        System.arraycopy(saved, 0, state, 0, state.length);
    }

    @Override
    public final long examples() {
        return (long) streams * windows;
    }

    @Override
    public final StepTotals compute(StepPlan plan, Storage params, Storage buffers) {
        if (plan.batchSize() != streams) {
            throw new TrainingException(TrainingException.Kind.BAD_CONFIG,
                    "stateful training takes one window of every stream per step: batch size "
                    + plan.batchSize() + " must equal the " + streams + " streams");
        }
        double[][] own = new double[partitions][];
        synchronized (this) {
            if (plan.stepInEpoch() == 0) {
                Arrays.fill(state, 0); // every stream starts over
            }
            for (int p = 0; p < partitions; p++) {
                int from = firstStream[p] * stateSize;
                own[p] = Arrays.copyOfRange(state, from, from + streamCount[p] * stateSize);
            }
        }
        GradientSum sum = new GradientSum(params.precision(), params.length(), buffers.length(), partitions);
        computeShards(plan, Weights.of(specText, params, buffers), own, sum);
        return sum.totals();
    }

    /**
     * Computes window {@code plan.stepInEpoch()} of every partition's streams with the weights in
     * {@code w}, partition p's streams starting from {@code state[p]} ({@link ShardComputation#window}),
     * and hands each result to {@link #accept}.
     */
    protected abstract void computeShards(StepPlan plan, Weights w, double[][] state, GradientSum sum);

    /** Stores a partition's final stream state and adds its sums in partition order. */
    protected final synchronized void accept(GradientSum sum, int partition, ShardResult r) {
        // r.state: the final state of the partition's streams, rows from its first stream on
        System.arraycopy(r.state, 0, state, firstStream[partition] * stateSize, r.state.length);
        sum.accept(partition, r);
    }

    /** One network in this process computes the partitions in order. */
    private static final class InProcess extends StatefulGradientSource {
        private final List<Streams> parts;
        private final Network net;

        InProcess(List<Streams> parts, NetworkSpec spec, Precision precision, int threads) {
            super(parts, spec, precision);
            this.parts = List.copyOf(parts);
            this.net = Network.create(spec, Network.Options.of(precision, threads), 0);
        }

        @Override
        protected void computeShards(StepPlan plan, Weights w, double[][] state, GradientSum sum) {
            for (int p = 0; p < partitions; p++) {
                w.loadInto(net);
                accept(sum, p, ShardComputation.window(net, parts.get(p), plan, state[p], p));
            }
        }

        @Override
        public void close() {
            net.close();
        }
    }
}
