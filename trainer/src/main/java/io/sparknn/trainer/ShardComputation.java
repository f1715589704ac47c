package io.sparknn.trainer;

import io.sparknn.engine.Batch;
import io.sparknn.engine.DoubleStorage;
import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.LossResult;
import io.sparknn.engine.Network;
import io.sparknn.engine.Storage;
import io.sparknn.engine.loss.Targets;
import io.sparknn.trainer.data.ExampleBlock;

/**
 * One shard's part of a step: gather the block's rows of the global batch (in position order)
 * and compute their gradient sum with the step's weights. The same code serves Spark tasks and the
 * single-process reference, so the two differ only in how shard sums are added.
 */
final class ShardComputation {
    private ShardComputation() {
    }

    static ShardResult compute(Network net, ExampleBlock block, int[] rows, StepPlan plan, int partition) {
        ShardResult r = ShardResult.empty(partition);
        if (rows.length == 0) {
            return r;
        }
        if (rows.length < 2 && net.spec().couplesExamples()) {
            // the batch size and the partitions decide the shards: a setting to change, not a bug
            throw new TrainingException(TrainingException.Kind.BAD_CONFIG, "partition " + partition + " holds 1 example of "
                    + plan.describe() + ": batch norm needs at least 2 examples per shard; use fewer partitions "
                    + "(training.partitions) or another batch size (training.batch_size)");
        }
        long start = System.nanoTime();
        Batch batch = gather(net, block, rows, plan);
        LossResult loss = net.computeGradients(batch);
        r.examples = rows.length;
        r.lossSum = loss.sum();
        r.lossCount = loss.count();
        Storage g = net.gradients();
        if (g instanceof FloatStorage f) {
            r.gradFloat = f.data.clone();
        } else {
            r.gradDouble = ((DoubleStorage) g).data.clone();
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
