package io.sparknn.engine.train;

import io.sparknn.engine.Batch;
import io.sparknn.engine.DoubleStorage;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.TensorKernels;
import io.sparknn.engine.kernel.Window2d;
import io.sparknn.engine.layer.ForwardPass;
import io.sparknn.engine.layer.Layer;
import io.sparknn.engine.loss.Loss;
import io.sparknn.engine.loss.Targets;
import io.sparknn.engine.optim.Kfac;
import java.util.List;

/**
 * What {@link Kfac} asks of the shards: each shard's sums of its dense and conv2d layers' Kronecker
 * factors, Σ ā āᵀ and Σ g gᵀ ({@link #FACTORS}), computed in the gradient's pass (the same Spark
 * task, added in partition order with the gradient), then the optimizer's step on the driver.
 */
public final class KfacShards {
    private KfacShards() {}

    /** The optimizer's step on the loop's step: the closure of {@link TrainingLoop.Update#OPTIMIZER}. */
    static void step(Kfac k, TrainingState s, StepObjective step) {
        StepTotals t = step.totals();
        k.step(s.params, step.meanGradient(), t.functionSum(), t.examples(), step.lr());
    }

    /** Per dense and conv2d layer, Σ ā āᵀ then Σ g gᵀ over the shard's examples: {@link #factors}. */
    static final ShardFunction FACTORS = KfacShards::factors;

    /**
     * The shard's factor sums (the layout of {@link Kfac#statisticLength}): a training-mode forward
     * pass with the loaded weights (the gradient pass's dropout masks: same seed, step and ids),
     * targets sampled from the outputs' softmax ({@link #sample}), and the backward pass of their
     * loss sum. ā is each location's input (a conv2d's patch, zeros in the padding) with a 1 for
     * the bias; g is ∂(loss sum)/∂(the layer's output) at that location, one example's loss's.
     * The passes run on layers of their own (the network's weights, a copy of its buffers), so the
     * network's gradients and batch-norm statistics stay as the gradient pass left them.
     */
    public static double[] factors(Network net, Batch batch) {
        NetworkSpec spec = net.spec();
        Precision p = net.precision();
        List<Kfac.Block> blocks = Kfac.blocks(spec);
        int layers = spec.layers().size();
        Kfac.Block[] blockOf = new Kfac.Block[layers];
        int[] at = new int[layers];
        int offset = 0;
        for (Kfac.Block b : blocks) {
            blockOf[b.layer()] = b;
            at[b.layer()] = offset;
            offset += b.aPacked() + b.gPacked();
        }
        double[] out = new double[offset];
        // own layers over the network's weights: its gradients and batch-norm statistics stay untouched
        Layer[] ls = spec.createLayers(
                p,
                net.parameters(),
                Storage.allocate(p, spec.paramCount()),
                net.buffers().copy(),
                false);
        int n = batch.n();
        ForwardPass pass = new ForwardPass(true, batch.seed(), batch.step(), batch.ids(), 0);
        Storage h = batch.x();
        for (int i = 0; i < layers; i++) {
            if (blockOf[i] != null) {
                inputFactor(blockOf[i], h, n, out, at[i]);
            }
            h = ls[i].forward(h, n, pass);
        }
        Shape o = spec.output();
        int rows = n * o.rowsPerExample();
        int width = o.last();
        Targets sampled = Targets.labels(sample(h, rows, width, o.rowsPerExample(), batch));
        Loss loss = spec.loss().create(p);
        Storage dy = Storage.allocate(p, rows * width);
        loss.sum(h, rows, width, sampled, 0, dy);
        Storage d = dy;
        for (int i = layers - 1; i >= 0 && d != null; i--) {
            if (blockOf[i] != null) {
                Kfac.Block b = blockOf[i];
                outputFactor(b, d, n, out, at[i] + b.aPacked());
            }
            d = ls[i].backward(d, n);
        }
        return out;
    }

    /**
     * One class per output row drawn from the softmax of its logits: the first class whose
     * cumulative probability exceeds u, u uniform in [0, 1) from (seed, step, example id, row).
     */
    static int[] sample(Storage logits, int rows, int width, int rowsPerExample, Batch batch) {
        int[] y = new int[rows];
        double[] e = new double[width];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < width; c++) {
                max = Math.max(max, logits.get(r * width + c));
            }
            double sum = 0;
            for (int c = 0; c < width; c++) {
                e[c] = Math.exp(logits.get(r * width + c) - max);
                sum += e[c];
            }
            double u = uniform(batch.seed(), batch.step(), batch.ids()[r / rowsPerExample], r % rowsPerExample) * sum;
            int k = width - 1;
            double cumulative = 0;
            for (int c = 0; c < width; c++) {
                cumulative += e[c];
                if (u < cumulative) {
                    k = c;
                    break;
                }
            }
            y[r] = k;
        }
        return y;
    }

    /** Uniform in [0, 1) from (seed, step, id, row): SplitMix64's finaliser over the four, 53 bits. */
    static double uniform(long seed, long step, long id, long row) {
        long z = SplitMix64.mix(SplitMix64.mix(SplitMix64.mix(SplitMix64.mix(seed ^ 0x4B464143L) + step) + id) + row);
        return (z >>> 11) * 0x1.0p-53;
    }

    /**
     * Rows a factor's product takes at once. A conv2d has a row per example and output position
     * (LeNet's second: 64 a 28×28 example, 501 values each), so the shard's rows are gathered and
     * multiplied a chunk at a time: the sums are then Σ over chunks, in row order, of one GEMM each,
     * the same on every run and wherever the shard runs.
     */
    static final int CHUNK_ROWS = 2048;

    /**
     * Rows of a factor, gathered a chunk at a time into Σ v vᵀ (d × d), whose upper triangle
     * {@link #finish} writes row by row into {@code out} from {@code at}.
     */
    private static final class Gram {
        private final int d;
        private final double[] rows;
        private final double[] sum;
        private int filled;

        Gram(int d, int rowCount) {
            this.d = d;
            this.rows = new double[Math.min(CHUNK_ROWS, Math.max(1, rowCount)) * d];
            this.sum = new double[d * d];
        }

        /** The next row's values, to be written before the next call; a full chunk is added first. */
        int next() {
            if (filled * d == rows.length) {
                flush();
            }
            return filled++ * d;
        }

        /** sum += rowsᵀ·rows over the rows gathered since the last flush. */
        private void flush() {
            if (filled > 0) {
                DoubleStorage r = new DoubleStorage(rows);
                TensorKernels.of(Precision.FLOAT64)
                        .gemm(true, false, d, d, filled, 1, r, 0, d, r, 0, d, 1, new DoubleStorage(sum), 0, d);
                filled = 0;
            }
        }

        /** Adds the last rows and writes the sum's upper triangle into out[at, at + d(d + 1)/2). */
        void finish(double[] out, int at) {
            flush();
            int k = at;
            for (int i = 0; i < d; i++) {
                System.arraycopy(sum, i * d + i, out, k, d - i);
                k += d - i;
            }
        }
    }

    /** Σ ā āᵀ over the layer's locations, its upper triangle into out[at, at + a(a + 1)/2): rows of a dense layer, patches of a conv2d. */
    static void inputFactor(Kfac.Block b, Storage x, int n, double[] out, int at) {
        int na = b.a();
        Gram gram = new Gram(na, n * b.locations());
        double[] v = gram.rows;
        Window2d w = b.conv();
        if (w == null) {
            for (int r = 0; r < n * b.locations(); r++) {
                int row = gram.next();
                for (int i = 0; i < b.in(); i++) {
                    v[row + i] = x.get(r * b.in() + i);
                }
                if (b.bias()) {
                    v[row + b.in()] = 1;
                }
            }
            gram.finish(out, at);
            return;
        }
        int kk = w.kernelH() * w.kernelW();
        for (int e = 0; e < n; e++) {
            int base = e * w.inSize();
            for (int oy = 0; oy < w.outH(); oy++) {
                for (int ox = 0; ox < w.outW(); ox++) {
                    int row = gram.next();
                    for (int c = 0; c < w.channels(); c++) {
                        for (int ky = 0; ky < w.kernelH(); ky++) {
                            int iy = oy * w.strideH() - w.padH() + ky;
                            for (int kx = 0; kx < w.kernelW(); kx++) {
                                int ix = ox * w.strideW() - w.padW() + kx;
                                boolean inside = iy >= 0 && iy < w.inH() && ix >= 0 && ix < w.inW();
                                v[row + c * kk + ky * w.kernelW() + kx] =
                                        inside ? x.get(base + c * w.inArea() + iy * w.inW() + ix) : 0;
                            }
                        }
                    }
                    if (b.bias()) {
                        v[row + b.in()] = 1;
                    }
                }
            }
        }
        gram.finish(out, at);
    }

    /** Σ g gᵀ over the layer's locations, its upper triangle into out[at, at + out(out + 1)/2): dy rows of a dense layer, a conv2d's (n, filters, positions). */
    static void outputFactor(Kfac.Block b, Storage dy, int n, double[] out, int at) {
        int no = b.out();
        int t = b.locations();
        Gram gram = new Gram(no, n * t);
        double[] v = gram.rows;
        for (int e = 0; e < n; e++) {
            for (int l = 0; l < t; l++) {
                int row = gram.next();
                for (int f = 0; f < no; f++) {
                    v[row + f] = b.conv() == null ? dy.get((e * t + l) * no + f) : dy.get((e * no + f) * t + l);
                }
            }
        }
        gram.finish(out, at);
    }
}
