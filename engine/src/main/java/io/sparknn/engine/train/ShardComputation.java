package io.sparknn.engine.train;

import io.sparknn.engine.Batch;
import io.sparknn.engine.DoubleStorage;
import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.LossResult;
import io.sparknn.engine.Network;
import io.sparknn.engine.Storage;
import io.sparknn.engine.loss.Targets;

/**
 * One shard's part of a step: gather the block's rows of the global batch (in position order)
 * and compute their gradient sum with the step's weights; or, in stateful training, one window of
 * each of a partition's streams from their carried state. The same code serves Spark tasks and the
 * in-process sources, so the two differ only in where the shards run.
 */
public final class ShardComputation {
    private ShardComputation() {}

    /**
     * The block's rows in the step's batch, in position order. {@code blockKey} names the block in
     * this JVM's cache of per-epoch orders: unique per data set and block.
     */
    public static int[] rows(String blockKey, ExampleBlock block, StepPlan plan) {
        return ShardSelector.rows(blockKey, block, plan);
    }

    /** The gradient sum of {@code rows} of the block, with the weights loaded in {@code net}. */
    public static ShardResult compute(Network net, ExampleBlock block, int[] rows, StepPlan plan, int partition) {
        return compute(net, block, rows, plan, partition, ShardWork.GRADIENT);
    }

    /** What {@code work} asks of {@code rows} of the block, with the weights loaded in {@code net}. */
    public static ShardResult compute(
            Network net, ExampleBlock block, int[] rows, StepPlan plan, int partition, ShardWork work) {
        return compute(net, block, rows, plan, partition, work, false);
    }

    /**
     * As above; when {@code lendGradient}, the result's gradient is the network's own array, not a
     * copy: valid only until {@code net} runs again, for a caller in this process that adds it into
     * its sum at once (a copy of the parameter vector per step otherwise, on one thread). Copied
     * all the same when {@code work} has a function, which may run the network again.
     */
    static ShardResult compute(
            Network net,
            ExampleBlock block,
            int[] rows,
            StepPlan plan,
            int partition,
            ShardWork work,
            boolean lendGradient) {
        ShardResult r = ShardResult.empty(partition);
        if (rows.length == 0) {
            return r;
        }
        if (rows.length < 2 && net.spec().couplesExamples()) {
            // the batch size and the partitions decide the shards: a setting to change, not a bug
            throw singleExample(partition, plan.describe());
        }
        long start = System.nanoTime();
        Batch batch = gather(net, block, rows, plan);
        if (work.gradient()) {
            LossResult loss = net.computeGradients(batch);
            filled(r, net, rows.length, loss, start, lendGradient && work.function() == null);
        } else {
            r.examples = rows.length;
        }
        if (work.function() != null) {
            r.function = work.function().apply(net, batch);
        }
        r.computeNanos = System.nanoTime() - start;
        return r;
    }

    /**
     * The error of a shard holding one example of a network that couples its examples (batch norm):
     * the batch size and the partitions decide the shards, a setting to change, not a bug.
     */
    public static TrainingException singleExample(int partition, String step) {
        return new TrainingException(
                TrainingException.Kind.BAD_CONFIG,
                "partition " + partition + " holds 1 example of "
                        + step + ": batch norm needs at least 2 examples per shard; use fewer partitions "
                        + "(training.partitions) or another batch size (training.batch_size)");
    }

    /**
     * The first step of a run of {@code epochs} epochs (at most {@code maxSteps} steps when that is
     * above 0) in which {@code block} holds exactly one example of the global batch, as its global
     * step, epoch and step in the epoch; null when there is none. Lets a run whose network couples
     * the examples of a shard (batch norm) be refused before it writes anything, rather than at
     * that step: one sort of the block's positions per epoch, as training itself does.
     */
    public static long[] firstSingleExampleStep(
            ExampleBlock block, long examples, int batchSize, long seed, int epochs, long maxSteps) {
        if (block.n == 0) {
            return null;
        }
        int steps = EpochPermutation.stepsPerEpoch(examples, batchSize);
        for (int epoch = 0; epoch < epochs; epoch++) {
            long[] positions = ShardSelector.sort(block, new EpochPermutation(examples, seed, epoch))
                    .positions();
            for (int i = 0; i < positions.length; ) {
                long step = positions[i] / batchSize;
                int j = i;
                while (j < positions.length && positions[j] / batchSize == step) {
                    j++;
                }
                long global = (long) epoch * steps + step;
                if (maxSteps > 0 && global >= maxSteps) {
                    break;
                }
                if (j - i == 1) {
                    return new long[] {global, epoch, step};
                }
                i = j;
            }
        }
        return null;
    }

    /**
     * Stateful training: window {@code plan.stepInEpoch()} of the streams held, each from its
     * carried state in {@code state} (one row of the network's state size per stream held, in
     * stream order); the result holds their final state too.
     */
    public static ShardResult window(Network net, Streams s, StepPlan plan, double[] state, int partition) {
        return window(net, s, plan, state, null, null, ShardWork.GRADIENT, partition);
    }

    /**
     * {@link #window(Network, Streams, StepPlan, double[], int)} with the streams' carried values:
     * after the window, {@code carry} maps them to the next window's (the result's {@code carry});
     * then {@code work}'s function, if any, runs on the same network.
     */
    public static ShardResult window(
            Network net,
            Streams s,
            StepPlan plan,
            double[] state,
            StreamCarry carry,
            double[] carried,
            ShardWork work,
            int partition) {
        if (!work.gradient()) {
            throw new IllegalArgumentException("a stateful shard computes its window's gradient with any function");
        }
        ShardResult r = ShardResult.empty(partition);
        if (s.count() == 0) { // more partitions than streams
            r.state = new double[0];
            r.carry = carry == null ? null : new double[0];
            return r;
        }
        long start = System.nanoTime();
        int w = plan.stepInEpoch();
        int n = s.count();
        Storage st = Storage.of(net.precision(), state);
        float[] ids = new float[n * s.window()];
        s.inputs(w, ids);
        Storage x = Storage.allocate(net.precision(), ids.length);
        x.copyFrom(ids, 0, 0, ids.length);
        long[] exampleIds = new long[n];
        for (int i = 0; i < n; i++) {
            exampleIds[i] = (long) (s.first() + i) * s.windows() + w;
        }
        Batch b = new Batch(x, n, Targets.labels(s.labels(w)), exampleIds, plan.seed(), plan.globalStep());
        // synthetic gradients: injected at every window's end but an epoch's last (its streams end
        // there); learnt at every window's start but an epoch's first (its state was reset, no
        // gradient of an earlier window reaches it)
        LossResult loss = net.hasSynthesiser()
                ? net.computeGradients(b, st, w + 1 < s.windows(), w > 0)
                : net.computeGradients(b, st);
        r.state = st.toDoubles();
        if (carry != null) {
            r.carry = carry.next(net, b, st, carried);
            if (r.carry.length != n * carry.width()) {
                throw new IllegalStateException("a stream carry of width " + carry.width() + " returned "
                        + r.carry.length + " values for " + n + " streams");
            }
        }
        if (work.function() != null) {
            r.function = work.function().apply(net, b);
        }
        return filled(r, net, n, loss, start, false);
    }

    /**
     * The result's sums from the network just run: gradients (copied unless {@code lendGradient}),
     * loss, right predictions, buffers, time since {@code start}.
     */
    private static ShardResult filled(
            ShardResult r, Network net, int examples, LossResult loss, long start, boolean lendGradient) {
        r.examples = examples;
        r.lossSum = loss.sum();
        r.lossCount = loss.count();
        r.correct = loss.correct();
        Storage g = net.gradients();
        if (g instanceof FloatStorage f) {
            r.gradFloat = lendGradient ? f.data : f.data.clone();
        } else {
            double[] d = ((DoubleStorage) g).data;
            r.gradDouble = lendGradient ? d : d.clone();
        }
        if (net.buffers().length() > 0) {
            r.buffers = net.buffers().toDoubles();
        }
        r.computeNanos = System.nanoTime() - start;
        return r;
    }

    /** The rows as a batch in the network's precision. */
    static Batch gather(Network net, ExampleBlock block, int[] rows, StepPlan plan) {
        int n = rows.length;
        int w = block.width;
        Storage x = Storage.allocate(net.precision(), n * w);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            x.copyFrom(block.features, rows[i] * w, i * w, w);
            ids[i] = block.ids[rows[i]];
        }
        return new Batch(x, n, targets(net, block, rows), ids, plan.seed(), plan.globalStep());
    }

    static Targets targets(Network net, ExampleBlock block, int[] rows) {
        int per = block.targetRowsPerExample;
        if (block.hasLabels()) {
            int[] y = new int[rows.length * per];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(block.labels, rows[i] * per, y, i * per, per);
            }
            return Targets.labels(y);
        }
        int tw = block.targetWidth * per;
        Storage t = Storage.allocate(net.precision(), rows.length * tw);
        for (int i = 0; i < rows.length; i++) {
            t.copyFrom(block.targets, rows[i] * tw, i * tw, tw);
        }
        return Targets.values(t, block.targetWidth);
    }
}
