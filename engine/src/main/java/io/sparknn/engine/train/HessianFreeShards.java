package io.sparknn.engine.train;

import io.sparknn.engine.Batch;
import io.sparknn.engine.LossResult;
import io.sparknn.engine.Network;
import io.sparknn.engine.Storage;
import io.sparknn.engine.loss.Targets;
import io.sparknn.engine.optim.HessianFree;

/**
 * What {@link HessianFree} asks of the shards, as {@link ShardFunction}s the loop runs where the
 * shards run (one Spark job each on Spark, added in partition order, so the bits do not depend on
 * where they ran): the per-example squared gradients of its preconditioner (in the gradient's
 * pass), the Gauss-Newton-vector products of the step's curvature subset, and the batch loss at
 * trial weights. The vector of a product travels with the job's task.
 */
public final class HessianFreeShards {
    private HessianFreeShards() {}

    /** The optimizer's step on the loop's step: the closure of {@link TrainingLoop.Update#OPTIMIZER}. */
    static void step(HessianFree h, TrainingState s, StepObjective step) {
        StepTotals t = step.totals();
        double[] squares = null;
        if (t.functionSum() != null) {
            double n = t.lossCount();
            squares = new double[t.functionSum().length];
            for (int i = 0; i < squares.length; i++) {
                squares[i] = t.functionSum()[i] / n;
            }
        }
        Storage theta = s.params.copy();
        double fraction = h.spec().curvatureFraction();
        HessianFree.Curvature curvature = new HessianFree.Curvature() {
            @Override
            public double[] gaussNewton(double[] v) {
                double[] sum = step.shardSum(theta, new Product(v, fraction));
                int p = v.length;
                double count = sum[p];
                double[] gv = new double[p];
                if (count > 0) {
                    for (int i = 0; i < p; i++) {
                        gv[i] = sum[i] / count;
                    }
                }
                return gv;
            }

            @Override
            public double loss(Storage params) {
                double[] sum = step.shardSum(params, LOSS);
                return sum[0] / sum[1];
            }
        };
        h.step(s.params, step.loss(), step.meanGradient(), squares, curvature, step.lr());
    }

    /** Σᵢ gᵢ² over the shard's examples, gᵢ the gradient of example i's loss sum: one pass of one example each. */
    static final ShardFunction SQUARED_GRADIENTS = (net, batch) -> {
        double[] sum = new double[net.parameters().length()];
        for (int i = 0; i < batch.n(); i++) {
            net.computeGradients(rows(net, batch, new int[] {i}));
            Storage g = net.gradients();
            for (int j = 0; j < sum.length; j++) {
                double v = g.get(j);
                sum[j] += v * v;
            }
        }
        return sum;
    };

    /** The shard's loss sum and count at the loaded weights: {sum, count}. */
    static final ShardFunction LOSS = (net, batch) -> {
        LossResult r = net.computeGradients(batch);
        return new double[] {r.sum(), r.count()};
    };

    /**
     * Σ Jᵀ·H·J·v over the shard's examples in the curvature subset, then their loss count:
     * {@code parameters + 1} values.
     */
    static final class Product implements ShardFunction {
        private static final long serialVersionUID = 1L;
        private final double[] v;
        private final double fraction;

        Product(double[] v, double fraction) {
            this.v = v;
            this.fraction = fraction;
        }

        @Override
        public double[] apply(Network net, Batch batch) {
            int p = v.length;
            double[] out = new double[p + 1];
            int[] subset = subset(batch, fraction);
            if (subset.length == 0) {
                return out;
            }
            Batch b = subset.length == batch.n() ? batch : rows(net, batch, subset);
            LossResult r = net.gaussNewtonProduct(b, Storage.of(net.precision(), v));
            Storage gv = net.gradients();
            for (int i = 0; i < p; i++) {
                out[i] = gv.get(i);
            }
            out[p] = r.count();
            return out;
        }
    }

    /**
     * The positions of the batch's examples in the step's curvature subset: those whose hash of
     * (seed, step, example id) is below {@code fraction}, so the subset is fixed for the step and
     * does not depend on the shards; all of them at 1.
     */
    static int[] subset(Batch batch, double fraction) {
        int[] in = new int[batch.n()];
        int k = 0;
        for (int i = 0; i < batch.n(); i++) {
            if (fraction >= 1
                    || batch.ids() == null
                    || uniform(batch.seed(), batch.step(), batch.ids()[i]) < fraction) {
                in[k++] = i;
            }
        }
        return java.util.Arrays.copyOf(in, k);
    }

    /** Uniform in [0, 1) from (seed, step, id): SplitMix64's finaliser over the three, 53 bits. */
    static double uniform(long seed, long step, long id) {
        long z = SplitMix64.mix(SplitMix64.mix(SplitMix64.mix(seed ^ 0x48464375727665L) + step) + id);
        return (z >>> 11) * 0x1.0p-53;
    }

    /** The given examples of a batch (inputs, targets, ids), in the network's precision. */
    static Batch rows(Network net, Batch b, int[] rows) {
        int in = net.spec().input().size();
        int outRows = net.spec().output().rowsPerExample();
        Storage x = Storage.allocate(net.precision(), rows.length * in);
        long[] ids = new long[rows.length];
        for (int k = 0; k < rows.length; k++) {
            x.copyFrom(b.x(), rows[k] * in, k * in, in);
            ids[k] = b.ids()[rows[k]];
        }
        Targets t = b.targets();
        Targets sub;
        if (t.hasLabels()) {
            int[] labels = new int[rows.length * outRows];
            for (int k = 0; k < rows.length; k++) {
                System.arraycopy(t.labels(), rows[k] * outRows, labels, k * outRows, outRows);
            }
            sub = Targets.labels(labels);
        } else {
            int w = t.width() * outRows;
            Storage v = Storage.allocate(t.values().precision(), rows.length * w);
            for (int k = 0; k < rows.length; k++) {
                v.copyFrom(t.values(), rows[k] * w, k * w, w);
            }
            sub = Targets.values(v, t.width());
        }
        return new Batch(x, rows.length, sub, ids, b.seed(), b.step());
    }
}
