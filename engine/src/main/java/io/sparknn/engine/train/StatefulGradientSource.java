package io.sparknn.engine.train;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.Parallel;
import io.sparknn.engine.layer.LayerSpec;
import io.sparknn.engine.layer.RecurrentSpec;
import java.util.ArrayList;
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
    /** The values a hook carries per stream beside the recurrent state; null for none. */
    protected final StreamCarry carry;

    private final int streams;
    private final int windows;
    private final double[] state;
    /** The carry's values, rows of {@code carry.width()} per stream; empty without a carry. */
    private final double[] carried;
    /** The first stream of each partition: where its state rows start. */
    private final int[] firstStream;
    /** The streams of each partition. */
    private final int[] streamCount;
    /** The synthesisers' parameter ranges ({@link #clippedApart}). */
    private final int[] synthesisers;
    /** The global step last computed: a stateful step is computed once. */
    private long lastStep = -1;

    protected StatefulGradientSource(List<Streams> parts, NetworkSpec spec, Precision precision, StreamCarry carry) {
        this(
                parts.stream().mapToInt(Streams::first).toArray(),
                parts.stream().mapToInt(Streams::count).toArray(),
                parts.get(0).windows(),
                spec,
                precision,
                carry);
    }

    /**
     * For streams that live elsewhere (cut on Spark's executors): partition p holds
     * {@code streamCount[p]} streams from stream {@code firstStream[p]} on, each of {@code windows}
     * windows; the driver needs only that layout, not their tokens.
     */
    protected StatefulGradientSource(
            int[] firstStream,
            int[] streamCount,
            int windows,
            NetworkSpec spec,
            Precision precision,
            StreamCarry carry) {
        this.carry = carry;
        this.partitions = firstStream.length;
        this.streams = Arrays.stream(streamCount).sum();
        this.windows = windows;
        this.firstStream = firstStream.clone();
        this.streamCount = streamCount.clone();
        this.specText = spec.toText();
        try (Network probe = Network.create(spec, Network.Options.of(precision, 1), 0)) {
            this.stateSize = probe.stateSize();
        }
        if (stateSize == 0) {
            throw new TrainingException(
                    TrainingException.Kind.BAD_CONFIG,
                    "stateful training needs a recurrent layer (lstm or gru) in the network");
        }
        this.synthesisers = synthesiserRanges(spec);
        this.state = new double[streams * stateSize];
        this.carried = new double[carry == null ? 0 : streams * carry.width()];
    }

    /** The flat parameter ranges of the recurrent layers' synthesisers, as {@code [from, to)} pairs. */
    static int[] synthesiserRanges(NetworkSpec spec) {
        List<Integer> r = new ArrayList<>();
        int off = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            Shape in = spec.shapeBefore(i);
            if (l instanceof RecurrentSpec rs && rs.synthetic() != null) {
                r.add(off + rs.cellParamCount(in));
                r.add(off + rs.paramCount(in));
            }
            off += l.paramCount(in);
        }
        return r.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int[] clippedApart() {
        return synthesisers.clone();
    }

    /** The partitions computed one after another in this process (the reference, and training without Spark). */
    public static StatefulGradientSource inProcess(
            List<Streams> parts, NetworkSpec spec, Precision precision, int threads) {
        return new InProcess(parts, spec, precision, threads, null);
    }

    /** {@link #inProcess(List, NetworkSpec, Precision, int)} with values of {@code carry}'s carried per stream too. */
    public static StatefulGradientSource inProcess(
            List<Streams> parts, NetworkSpec spec, Precision precision, int threads, StreamCarry carry) {
        return new InProcess(parts, spec, precision, threads, carry);
    }

    /** Streams: the batch size of every step. */
    public final int streams() {
        return streams;
    }

    /** Windows per stream: the steps of an epoch. */
    public final int windows() {
        return windows;
    }

    /**
     * What every stream carries to its next window, for a checkpoint: the recurrent state (rows of
     * {@code stateSize} values), then the {@link StreamCarry}'s values (rows of its width), if any.
     */
    public final synchronized double[] state() {
        double[] all = Arrays.copyOf(state, state.length + carried.length);
        System.arraycopy(carried, 0, all, state.length, carried.length);
        return all;
    }

    /** Continues from a checkpoint's state; null means zero (a checkpoint written at an epoch start or before this existed). */
    public final synchronized void restoreState(double[] saved) {
        if (saved == null) {
            Arrays.fill(state, 0);
            Arrays.fill(carried, 0);
            return;
        }
        if (saved.length != state.length + carried.length) {
            // the checkpoint, not the config, is what cannot continue here: as any other refused resume
            throw new TrainingException(
                    TrainingException.Kind.OUTPUT_REFUSED,
                    "the checkpoint holds " + saved.length
                            + " stream state values, the run needs " + (state.length + carried.length) + " (" + streams
                            + " streams of " + stateSize + (carried.length > 0 ? " + " + carry.width() : "") + ")");
        }
        System.arraycopy(saved, 0, state, 0, state.length);
        System.arraycopy(saved, state.length, carried, 0, carried.length);
    }

    @Override
    public final long examples() {
        return (long) streams * windows;
    }

    @Override
    public final StepTotals compute(StepPlan plan, Storage params, Storage buffers, ShardWork work) {
        if (!work.gradient()) {
            throw new UnsupportedOperationException("stateful training computes a step's shards once, with their "
                    + "gradient: a step advances its streams, so it cannot be computed again at other weights");
        }
        if (plan.globalStep() == lastStep) {
            throw new IllegalStateException("stateful step " + plan.globalStep() + " was computed already: a step "
                    + "advances its streams, so it cannot be computed again at other weights");
        }
        lastStep = plan.globalStep();
        if (plan.batchSize() != streams) {
            throw new TrainingException(
                    TrainingException.Kind.BAD_CONFIG,
                    "stateful training takes one window of every stream per step: batch size " + plan.batchSize()
                            + " must equal the " + streams + " streams");
        }
        double[][] own = new double[partitions][];
        double[][] ownCarried = new double[partitions][];
        int width = carry == null ? 0 : carry.width();
        synchronized (this) {
            if (plan.stepInEpoch() == 0) {
                Arrays.fill(state, 0); // every stream starts over
                Arrays.fill(carried, 0);
            }
            for (int p = 0; p < partitions; p++) {
                int from = firstStream[p] * stateSize;
                own[p] = Arrays.copyOfRange(state, from, from + streamCount[p] * stateSize);
                ownCarried[p] =
                        Arrays.copyOfRange(carried, firstStream[p] * width, (firstStream[p] + streamCount[p]) * width);
            }
        }
        GradientSum sum =
                new GradientSum(params.precision(), params.length(), buffers.length(), partitions, parallel());
        computeShards(plan, Weights.of(specText, params, buffers), own, ownCarried, work, sum);
        return sum.totals();
    }

    /**
     * Computes window {@code plan.stepInEpoch()} of every partition's streams with the weights in
     * {@code w}, partition p's streams starting from {@code state[p]} and {@code carried[p]}
     * ({@link ShardComputation#window}), and hands each result to {@link #accept}.
     */
    protected abstract void computeShards(
            StepPlan plan, Weights w, double[][] state, double[][] carried, ShardWork work, GradientSum sum);

    /** Stores a partition's final stream state (and carried values) and adds its sums in partition order. */
    protected final synchronized void accept(GradientSum sum, int partition, ShardResult r) {
        // r.state: the final state of the partition's streams, rows from its first stream on
        System.arraycopy(r.state, 0, state, firstStream[partition] * stateSize, r.state.length);
        if (carry != null) {
            System.arraycopy(r.carry, 0, carried, firstStream[partition] * carry.width(), r.carry.length);
        }
        sum.accept(partition, r);
    }

    /** One network in this process computes the partitions in order. */
    private static final class InProcess extends StatefulGradientSource {
        private final List<Streams> parts;
        private final Network net;
        private final Parallel threads;

        InProcess(List<Streams> parts, NetworkSpec spec, Precision precision, int threads, StreamCarry carry) {
            super(parts, spec, precision, carry);
            this.parts = List.copyOf(parts);
            this.net = Network.create(spec, Network.Options.of(precision, threads), 0);
            this.threads = Parallel.of(threads);
        }

        @Override
        public Parallel parallel() {
            return threads;
        }

        @Override
        protected void computeShards(
                StepPlan plan, Weights w, double[][] state, double[][] carried, ShardWork work, GradientSum sum) {
            for (int p = 0; p < partitions; p++) {
                w.loadInto(net);
                accept(sum, p, ShardComputation.window(net, parts.get(p), plan, state[p], carry, carried[p], work, p));
            }
        }

        @Override
        public void close() {
            net.close();
            threads.close();
        }
    }
}
