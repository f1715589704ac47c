package io.sparknn.engine.optim;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.Window2d;
import io.sparknn.engine.layer.Conv2dSpec;
import io.sparknn.engine.layer.DenseSpec;
import io.sparknn.engine.layer.LayerSpec;
import io.sparknn.engine.loss.LossKind;
import java.util.ArrayList;
import java.util.List;

/**
 * K-FAC (Martens and Grosse 2015, "Optimizing neural networks with Kronecker-factored approximate
 * curvature"; conv2d layers as Grosse and Martens 2016, "A Kronecker-factored approximate Fisher
 * matrix for convolution layers"). Each dense and conv2d layer ({@link Block}) has its Fisher block
 * approximated as A ⊗ G; every other parameter (batch norm, embedding, recurrent layers) falls
 * back to the base optimizer, plain SGD at the same rate (θ ← θ − lr·g), which keeps no state.
 *
 * <p>The choices, each as the papers make it unless said:
 *
 * <ul>
 *   <li><b>True Fisher, not empirical.</b> G comes from a backward pass whose targets are sampled
 *       from the model's own predictive distribution (one class per output row from its softmax,
 *       drawn by a hash of (seed, step, example id, row): fixed for the step and the same wherever
 *       the shard runs). The empirical Fisher (the data's labels) is a different matrix that
 *       matches the Fisher only at a model that already fits, and is known to give poor
 *       preconditioners away from it (Kunstner, Balles and Hennig 2019); the sampled one is what
 *       both papers use. It costs one extra forward and backward pass per shard, in the gradient's
 *       Spark task ({@code io.sparknn.engine.train.KfacShards}). Softmax cross-entropy with class
 *       labels only: the other losses would need their own sampler.
 *   <li><b>Factors.</b> For a layer s = W·ā (ā the input with a 1 appended when the layer has a
 *       bias, so the bias is W's last column), A = E[Σ_t ā_t ā_tᵀ] and G = (1/|T|)·E[Σ_t g_t g_tᵀ],
 *       g = ∂ℓ/∂s of one example's loss, E over the batch's N examples and t over the layer's
 *       locations T: the output positions of a conv2d (its input patches; Grosse and Martens 2016's
 *       spatial scaling, so a conv factor does not grow with the image), the rows of an example for
 *       a dense layer (1 for a plain dense layer). Each step's estimate enters exponential moving
 *       averages, F_k = ε_k·F_{k−1} + (1 − ε_k)·F̂ with ε_k = min(1 − 1/k, factor_decay).
 *   <li><b>Damping.</b> Factored Tikhonov with the π correction (Martens and Grosse 2015, §6.3):
 *       (A + π·γ·I) ⊗ (G + γ/π·I), γ = √λ, π = √((tr A / dim A) / (tr G / dim G)) (1 when that is
 *       not a positive number). λ is fixed ({@code damping}): its Levenberg-Marquardt adaptation
 *       needs the quadratic model, below.
 *   <li><b>Inverses</b> of the damped factors are recomputed on the driver (Cholesky, doubles) at
 *       steps 1, 1 + T, 1 + 2T, ... ({@code inverse_interval}) and used as they are in between.
 *   <li><b>Step:</b> ΔW = −lr·(G + γ/π·I)⁻¹·∇W·(A + π·γ·I)⁻¹, a plain learning rate. Rescaling
 *       by the quadratic model (and the papers' momentum from it) needs Fisher-vector products of
 *       the step, one more pass over the shards, hence one more Spark job per step; a plain rate
 *       keeps K-FAC at one job per step, which is the point of comparing it on Spark.
 * </ul>
 *
 * <p>What is kept from step to step (the averaged factors, their damped inverses) is rounded to the
 * parameters' precision when made, so a float32 checkpoint holds it exactly and a resume goes on
 * with the same bits. State ({@link #state()}): {@code steps} is the steps taken; the buffers hold,
 * after the first step, for each block in layer order A, G, A's and G's damped inverses, row-major,
 * one after another, cut into buffers of one value per parameter (the last padded with zeros);
 * before the first step there are none.
 */
public final class Kfac implements Optimizer {

    /**
     * A layer K-FAC preconditions: its weight {@code (out, in)} row-major at {@code offset} of the
     * parameters, then (with a bias) its bias of {@code out} values; {@code locations} the |T| of
     * its G (output positions of a conv2d, rows per example of a dense layer).
     *
     * @param layer the layer's index in the network
     * @param conv  the conv2d's geometry, or null for a dense layer
     */
    public record Block(int layer, int offset, int out, int in, boolean bias, int locations, Window2d conv) {
        /** The dimension of A: the inputs, and 1 for the bias. */
        public int a() {
            return in + (bias ? 1 : 0);
        }

        /** Values of A's upper triangle, row by row: what a shard sends of it. */
        public int aPacked() {
            return a() * (a() + 1) / 2;
        }

        /** Values of G's upper triangle, row by row. */
        public int gPacked() {
            return out * (out + 1) / 2;
        }

        /** Values of the four matrices the state keeps (A, G and their inverses). */
        int stateValues() {
            return 2 * (a() * a() + out * out);
        }
    }

    private final KfacSpec spec;
    private final Precision precision;
    private final int count;
    private final List<Block> blocks;

    private long steps;
    /** Per block, once a step was taken: the averaged factors and the damped inverses. */
    private double[][] a;

    private double[][] g;
    private double[][] aInv;
    private double[][] gInv;

    /** Without the network's layers: every parameter takes the base optimizer's step. */
    Kfac(KfacSpec spec, Precision precision, int count) {
        this(spec, precision, count, List.of());
    }

    /** For the parameters of {@code network}: its dense and conv2d layers are preconditioned. */
    public Kfac(KfacSpec spec, Precision precision, NetworkSpec network) {
        this(spec, precision, network.paramCount(), blocks(network));
        if (!blocks.isEmpty() && network.loss() != LossKind.SOFTMAX_CROSS_ENTROPY) {
            throw new IllegalArgumentException("optimizer kfac samples the true Fisher's targets from a softmax: it "
                    + "supports the loss softmax_cross_entropy, not "
                    + network.loss().text());
        }
    }

    private Kfac(KfacSpec spec, Precision precision, int count, List<Block> blocks) {
        this.spec = spec;
        this.precision = precision;
        this.count = count;
        this.blocks = List.copyOf(blocks);
    }

    /** The dense and conv2d layers of {@code network}, in layer order. */
    public static List<Block> blocks(NetworkSpec network) {
        List<Block> out = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < network.layers().size(); i++) {
            LayerSpec l = network.layers().get(i);
            Shape in = network.shapeBefore(i);
            if (l instanceof DenseSpec d) {
                out.add(new Block(i, offset, d.units(), in.last(), d.bias(), in.rowsPerExample(), null));
            } else if (l instanceof Conv2dSpec c) {
                Window2d w = Window2d.over(in, c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.padH(), c.padW());
                out.add(new Block(i, offset, c.filters(), w.patch(), c.bias(), w.outArea(), w));
            }
            offset += l.paramCount(in);
        }
        return out;
    }

    /**
     * Values of the per-step statistic: for each block, Σ ā āᵀ then Σ g gᵀ, each symmetric and sent
     * as its upper triangle row by row (i ≤ j), half the bytes of the full matrix.
     */
    public static int statisticLength(List<Block> blocks) {
        int n = 0;
        for (Block b : blocks) {
            n += b.aPacked() + b.gPacked();
        }
        return n;
    }

    public KfacSpec spec() {
        return spec;
    }

    public List<Block> blocks() {
        return blocks;
    }

    /** K-FAC needs the step's factor sums: {@link #step(Storage, Storage, double[], long, double)}. */
    @Override
    public void step(Storage params, Storage grads, double lr) {
        if (!blocks.isEmpty()) {
            throw new UnsupportedOperationException(
                    "K-FAC needs the step's Kronecker factors, summed by the shards with the gradient");
        }
        step(params, grads, new double[0], 1, lr);
    }

    /**
     * One step (see the class comment). {@code grads} is not modified.
     *
     * @param grads      the batch's mean gradient
     * @param factorSums the shards' sums of {@link #statisticLength} values: per block the upper
     *     triangles of Σ ā āᵀ and Σ g gᵀ over the batch's examples and the layer's locations
     * @param examples   N, the batch's examples
     */
    public void step(Storage params, Storage grads, double[] factorSums, long examples, double lr) {
        if (factorSums.length != statisticLength(blocks)) {
            throw new IllegalArgumentException(
                    "K-FAC factor sums of " + factorSums.length + " values for " + statisticLength(blocks));
        }
        long k = steps + 1;
        double eps = Math.min(1 - 1.0 / k, spec.factorDecay());
        if (a == null) {
            allocate();
        }
        int at = 0;
        for (int j = 0; j < blocks.size(); j++) {
            Block b = blocks.get(j);
            a[j] = average(a[j], factorSums, at, b.a(), eps, 1.0 / examples);
            at += b.aPacked();
            g[j] = average(g[j], factorSums, at, b.out(), eps, 1.0 / ((double) examples * b.locations()));
            at += b.gPacked();
        }
        if ((k - 1) % spec.inverseInterval() == 0) {
            for (int j = 0; j < blocks.size(); j++) {
                invert(j);
            }
        }
        double[] theta = params.toDoubles();
        double[] grad = grads.toDoubles();
        boolean[] done = new boolean[count];
        for (int j = 0; j < blocks.size(); j++) {
            Block b = blocks.get(j);
            double[] v = precondition(j, grad);
            int na = b.a();
            for (int o = 0; o < b.out(); o++) {
                for (int i = 0; i < b.in(); i++) {
                    int p = b.offset() + o * b.in() + i;
                    theta[p] -= lr * v[o * na + i];
                    done[p] = true;
                }
                if (b.bias()) {
                    int p = b.offset() + b.out() * b.in() + o;
                    theta[p] -= lr * v[o * na + b.in()];
                    done[p] = true;
                }
            }
        }
        for (int p = 0; p < count; p++) {
            if (!done[p]) {
                theta[p] -= lr * grad[p];
            }
        }
        params.copyFrom(theta, 0, 0, count);
        steps = k;
    }

    /**
     * ε·old + (1 − ε)·scale·sum, rounded, as a full d × d matrix from the upper triangle of the sums
     * at {@code from} (mirrored, so it is exactly symmetric); old is null at the first step (ε = 0
     * then).
     */
    private double[] average(double[] old, double[] sums, int from, int d, double eps, double scale) {
        double[] f = new double[d * d];
        int at = from;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double batch = sums[at++] * scale;
                double v = round(old == null ? batch : eps * old[i * d + j] + (1 - eps) * batch);
                f[i * d + j] = v;
                f[j * d + i] = v;
            }
        }
        return f;
    }

    /** The π of block j's current factors (see the class comment). */
    public double pi(int j) {
        Block b = blocks.get(j);
        double ta = DenseMatrices.trace(a[j], b.a()) / b.a();
        double tg = DenseMatrices.trace(g[j], b.out()) / b.out();
        double pi = Math.sqrt(ta / tg);
        return pi > 0 && Double.isFinite(pi) ? pi : 1;
    }

    private void invert(int j) {
        Block b = blocks.get(j);
        double gamma = Math.sqrt(spec.damping());
        double pi = pi(j);
        aInv[j] = round(DenseMatrices.inverse(DenseMatrices.damped(a[j], b.a(), pi * gamma), b.a()));
        gInv[j] = round(DenseMatrices.inverse(DenseMatrices.damped(g[j], b.out(), gamma / pi), b.out()));
    }

    /** Block j's (G + γ/π·I)⁻¹·[∇W ∇b]·(A + π·γ·I)⁻¹, (out, a) row-major, from the mean gradient. */
    double[] precondition(int j, double[] grad) {
        Block b = blocks.get(j);
        int na = b.a();
        int no = b.out();
        double[] m = new double[no * na];
        for (int o = 0; o < no; o++) {
            System.arraycopy(grad, b.offset() + o * b.in(), m, o * na, b.in());
            if (b.bias()) {
                m[o * na + b.in()] = grad[b.offset() + no * b.in() + o];
            }
        }
        return DenseMatrices.multiply(DenseMatrices.multiply(gInv[j], m, no, no, na), aInv[j], no, na, na);
    }

    /** Block j's averaged A (a copy), null before the first step. */
    public double[] factorA(int j) {
        return a == null ? null : a[j].clone();
    }

    /** Block j's averaged G (a copy), null before the first step. */
    public double[] factorG(int j) {
        return g == null ? null : g[j].clone();
    }

    /** Empty per-block factors and inverses, filled by the first step or a restore. */
    private void allocate() {
        a = new double[blocks.size()][];
        g = new double[blocks.size()][];
        aInv = new double[blocks.size()][];
        gInv = new double[blocks.size()][];
    }

    private double round(double v) {
        return precision == Precision.FLOAT32 ? (float) v : v;
    }

    private double[] round(double[] v) {
        if (precision == Precision.FLOAT32) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) v[i];
            }
        }
        return v;
    }

    private int stateValues() {
        int n = 0;
        for (Block b : blocks) {
            n += b.stateValues();
        }
        return n;
    }

    /** Buffers of one value per parameter that hold {@code values} values. */
    private int stateBuffers() {
        int values = stateValues();
        return count == 0 ? 0 : (values + count - 1) / count;
    }

    @Override
    public OptimizerState state() {
        if (steps == 0) {
            return new OptimizerState(0, new double[0][]);
        }
        double[] flat = new double[stateBuffers() * count];
        int at = 0;
        for (int j = 0; j < blocks.size(); j++) {
            for (double[] m : new double[][] {a[j], g[j], aInv[j], gInv[j]}) {
                System.arraycopy(m, 0, flat, at, m.length);
                at += m.length;
            }
        }
        double[][] buffers = new double[stateBuffers()][];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = java.util.Arrays.copyOfRange(flat, i * count, (i + 1) * count);
        }
        return new OptimizerState(steps, buffers);
    }

    @Override
    public void restore(OptimizerState state) {
        if (state.steps() < 0) {
            throw new IllegalArgumentException("kfac state has a negative step count");
        }
        double[][] buffers = state.buffers();
        int want = state.steps() == 0 ? 0 : stateBuffers();
        if (buffers.length != want) {
            throw new IllegalArgumentException("kfac state after " + state.steps() + " steps needs " + want
                    + " buffers (the factors and inverses of " + blocks.size() + " layers), got " + buffers.length);
        }
        double[] flat = new double[want * count];
        for (int i = 0; i < want; i++) {
            if (buffers[i].length != count) {
                throw new IllegalArgumentException(
                        "kfac state buffer of length " + buffers[i].length + " for " + count + " parameters");
            }
            System.arraycopy(buffers[i], 0, flat, i * count, count);
        }
        steps = state.steps();
        if (steps == 0) {
            a = null;
            g = null;
            aInv = null;
            gInv = null;
            return;
        }
        allocate();
        int at = 0;
        for (int j = 0; j < blocks.size(); j++) {
            Block b = blocks.get(j);
            int da = b.a() * b.a();
            int dg = b.out() * b.out();
            a[j] = round(java.util.Arrays.copyOfRange(flat, at, at + da));
            at += da;
            g[j] = round(java.util.Arrays.copyOfRange(flat, at, at + dg));
            at += dg;
            aInv[j] = round(java.util.Arrays.copyOfRange(flat, at, at + da));
            at += da;
            gInv[j] = round(java.util.Arrays.copyOfRange(flat, at, at + dg));
            at += dg;
        }
    }
}
