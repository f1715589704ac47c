package io.sparknn.engine;

import io.sparknn.engine.layer.ForwardPass;
import io.sparknn.engine.layer.LayerSpec;
import io.sparknn.engine.layer.LayerSpecs;
import io.sparknn.engine.layer.Recurrent;
import io.sparknn.engine.layer.RecurrentSpec;
import java.util.SplittableRandom;

/**
 * A network that computes: all parameters in one flat {@link Storage}, gradients in another of the
 * same layout (layer by layer, each layer's tensors in PyTorch's order), non-trainable buffers in a
 * third. Not thread-safe: one caller at a time.
 *
 * <p>Threads: with {@code threads > 1} a batch is cut into that many contiguous chunks, each run by
 * its own copy of the layers ({@link Replica}: own activations and gradient storage) on its own
 * thread; the chunk gradients are then added in chunk order ({@link Replicas}). The same thread
 * count therefore gives the same bits run after run. Networks with batch norm run in one chunk,
 * because each chunk would otherwise normalise with its own statistics.
 */
public final class Network implements AutoCloseable {

    /**
     * How a network runs.
     *
     * @param threads         threads for one batch (the trainer uses one per Spark task core)
     * @param inputGradients  also compute ∂loss/∂input (gradient checks, saliency)
     */
    public record Options(Precision precision, int threads, boolean inputGradients) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
        }

        /** float32, all cores, no input gradients. */
        public static Options defaults() {
            return new Options(Precision.FLOAT32, Runtime.getRuntime().availableProcessors(), false);
        }

        public static Options of(Precision precision, int threads) {
            return new Options(precision, threads, false);
        }
    }

    private final NetworkSpec spec;
    private final Options options;
    private final Storage params;
    private final Storage grads;
    private final Storage buffers;
    private final Replicas replicas;
    private final int inSize;
    private final int outSize;
    private final int outWidth;
    private final int outRowsPerExample;
    private Storage inputGrad;

    private Network(NetworkSpec spec, Options options, Storage params, Storage buffers) {
        this.spec = spec;
        this.options = options;
        this.params = params;
        this.buffers = buffers;
        this.grads = Storage.allocate(options.precision(), params.length());
        this.inSize = spec.input().size();
        Shape out = spec.output();
        this.outSize = out.size();
        this.outWidth = out.last();
        this.outRowsPerExample = out.rowsPerExample();
        this.replicas = new Replicas(spec, options, params, grads, buffers);
    }

    /** A network with freshly initialised parameters: the same seed gives the same bits. */
    public static Network create(NetworkSpec spec, Options options, long seed) {
        Storage p = Storage.allocate(options.precision(), spec.paramCount());
        Storage b = Storage.allocate(options.precision(), spec.bufferCount());
        int po = 0;
        int bo = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            Shape in = spec.shapeBefore(i);
            l.initialize(p, po, in, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 31L * (i + 1)));
            l.initializeBuffers(b, bo, in);
            po += l.paramCount(in);
            bo += l.bufferCount(in);
        }
        return new Network(spec, options, p, b);
    }

    /** A network over given parameter and buffer values (copied, converted to the options' precision). */
    public static Network of(NetworkSpec spec, Options options, double[] params, double[] buffers) {
        if (params.length != spec.paramCount() || buffers.length != spec.bufferCount()) {
            throw new IllegalArgumentException("network needs " + spec.paramCount() + " parameters and "
                    + spec.bufferCount() + " buffer values, got " + params.length + " and " + buffers.length);
        }
        return new Network(
                spec, options, Storage.of(options.precision(), params), Storage.of(options.precision(), buffers));
    }

    public NetworkSpec spec() {
        return spec;
    }

    public Options options() {
        return options;
    }

    public Precision precision() {
        return options.precision();
    }

    /** The flat parameters, live: writes change the network. */
    public Storage parameters() {
        return params;
    }

    /** The flat gradient sums of the last {@link #computeGradients}, same layout as the parameters. */
    public Storage gradients() {
        return grads;
    }

    /** Non-trainable state (batch-norm running statistics), live. */
    public Storage buffers() {
        return buffers;
    }

    /** ∂(loss sum)/∂input of the last {@link #computeGradients}, when asked for in the options. */
    public Storage inputGradient() {
        return inputGrad;
    }

    /** Replaces all parameters (length must match). */
    public void setParameters(double[] values) {
        checkLength(values.length, params.length(), "parameters");
        params.copyFrom(values, 0, 0, values.length);
    }

    public void setParameters(float[] values) {
        checkLength(values.length, params.length(), "parameters");
        params.copyFrom(values, 0, 0, values.length);
    }

    public void setBuffers(double[] values) {
        checkLength(values.length, buffers.length(), "buffer values");
        buffers.copyFrom(values, 0, 0, values.length);
    }

    private static void checkLength(int got, int want, String what) {
        if (got != want) {
            throw new IllegalArgumentException("network has " + want + " " + what + ", got " + got);
        }
    }

    /**
     * Forward and backward over the batch in training mode: gradient <em>sums</em> over the batch
     * into {@link #gradients()} (overwritten, not accumulated across calls) and the loss sum and
     * count, with the right predictions of the same forward pass ({@link LossResult#correct}).
     */
    public LossResult computeGradients(Batch batch) {
        checkBatch(batch);
        int rows = batch.n() * outRowsPerExample;
        replicas.first().loss().checkTargets(batch.targets(), rows, outWidth);
        if (options.inputGradients()) {
            inputGrad = Storage.atLeast(inputGrad, precision(), batch.n() * inSize);
        }
        return replicas.run(batch, inputGrad);
    }

    /**
     * The Gauss-Newton-vector product of the batch: {@code Σ_i J_iᵀ·H_i·J_i·v} over its examples into
     * {@link #gradients()} (overwritten: a <em>sum</em> as the gradient is, so the mean is this over
     * the loss count), J_i the Jacobian of example i's outputs in the parameters and H_i the Hessian
     * of its loss in them (see {@link io.sparknn.engine.loss.Loss#hessianVector}). J·v comes from the
     * layers' R-ops over the training-mode forward pass (the dropout masks of the gradient's pass of
     * the same batch, seed and step), Jᵀ from the backward pass. Positive semi-definite for every
     * loss here, including with ReLU, whose second derivative it never uses. Returns the loss of the
     * same forward pass, as {@link #computeGradients} does.
     *
     * @param v the direction, in the parameters' layout and precision
     * @throws IllegalArgumentException if a layer has no R-op ({@link #gaussNewtonProblem})
     */
    public LossResult gaussNewtonProduct(Batch batch, Storage v) {
        String problem = gaussNewtonProblem(spec);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        checkBatch(batch);
        if (v.precision() != precision() || v.length() != params.length()) {
            throw new IllegalArgumentException("direction of " + v.length() + " " + v.precision() + " values for "
                    + params.length() + " " + precision() + " parameters");
        }
        int rows = batch.n() * outRowsPerExample;
        replicas.first().loss().checkTargets(batch.targets(), rows, outWidth);
        return replicas.gaussNewton(batch, v);
    }

    /**
     * Why {@link #gaussNewtonProduct} cannot run on this spec, naming the first layer without an
     * R-op (batch norm, embedding, recurrent layers: they would need structural damping), or null
     * when every layer has one.
     */
    public static String gaussNewtonProblem(NetworkSpec spec) {
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            if (!LayerSpecs.hasDirectional(l)) {
                return NetworkSpec.layerName(i, l) + " has no Gauss-Newton-vector product (R-op): Hessian-free "
                        + "training supports dense, conv2d, max_pool2d, avg_pool2d, flatten, dropout and the "
                        + "activations; batch norm, embedding and recurrent layers are out of scope";
            }
        }
        return null;
    }

    private void checkBatch(Batch b) {
        if (b.x().precision() != precision()) {
            throw new IllegalArgumentException("batch is " + b.x().precision() + ", network is " + precision());
        }
        if (b.x().length() < (long) b.n() * inSize) {
            throw new IllegalArgumentException("batch of " + b.n() + " examples of shape " + spec.input() + " needs "
                    + (long) b.n() * inSize + " values, got " + b.x().length());
        }
        if (b.n() < 1) {
            throw new IllegalArgumentException("empty batch");
        }
    }

    /** Inference-mode outputs {@code (n, output...)} of the n examples in x, as a new storage. */
    public Storage predict(Storage x, int n) {
        if (x.length() < (long) n * inSize) {
            throw new IllegalArgumentException(n + " examples of shape " + spec.input() + " need " + (long) n * inSize
                    + " values, got " + x.length());
        }
        Storage y = replicas.first().forward(x, 0, n, ForwardPass.INFERENCE);
        Storage out = Storage.allocate(precision(), n * outSize);
        out.copyFrom(y, 0, 0, n * outSize);
        return out;
    }

    /** Loss sum, count and right predictions of a batch at inference (evaluation); no gradients. */
    public LossResult evaluate(Batch b) {
        checkBatch(b);
        int rows = b.n() * outRowsPerExample;
        Replica r = replicas.first();
        r.loss().checkTargets(b.targets(), rows, outWidth);
        Storage y = r.forward(b.x(), 0, b.n(), ForwardPass.INFERENCE);
        long correct = r.loss().correct(y, rows, outWidth, b.targets(), 0);
        return new LossResult(
                r.loss().sum(y, rows, outWidth, b.targets(), 0, null), r.loss().count(rows, outWidth), correct);
    }

    // ---- carried recurrent state (stateful truncated BPTT); see Recurrent ----

    /**
     * Values of carried state per example: the sum of {@link Recurrent#stateSize()} over the
     * recurrent layers, in layer order (0 without recurrent layers). Row i of a state storage holds
     * example i's states side by side, each layer's {@code h} (then {@code c}) at its layer offset.
     */
    public int stateSize() {
        return replicas.first().stateSize();
    }

    /**
     * {@link #computeGradients(Batch)} with carried state: every recurrent layer starts example i
     * from row i of {@code state} (stride {@link #stateSize()}, the network's precision) and the
     * final states are written back into the same rows, so the next window of each stream goes on
     * where this one ended. The carried-in state is a constant (no gradient crosses the window).
     */
    public LossResult computeGradients(Batch batch, Storage state) {
        checkState(state, batch.n());
        replicas.carry(state);
        try {
            return computeGradients(batch);
        } finally {
            replicas.carry(null);
        }
    }

    /**
     * {@link #computeGradients(Batch, Storage)} with the recurrent layers' synthesisers (layers
     * without one ignore this): {@code inject} adds each one's prediction at the final state to the
     * gradient at the window's end; {@code learn} adds the gradient of its regression onto
     * ∂loss/∂(initial state) at the initial state (see {@link Recurrent#syntheticGradients}). The
     * returned loss is the network's alone, without the synthesisers'.
     */
    public LossResult computeGradients(Batch batch, Storage state, boolean inject, boolean learn) {
        replicas.syntheticGradients(inject, learn);
        try {
            return computeGradients(batch, state);
        } finally {
            replicas.syntheticGradients(false, false);
        }
    }

    /** Whether a recurrent layer of the network has a synthesiser. */
    public boolean hasSynthesiser() {
        return spec.layers().stream().anyMatch(l -> l instanceof RecurrentSpec r && r.synthetic() != null);
    }

    /** {@link #evaluate(Batch)} with carried state, read from and written back to {@code state} as in {@link #computeGradients(Batch, Storage)}. */
    public LossResult evaluate(Batch b, Storage state) {
        checkState(state, b.n());
        replicas.first().carry(state);
        try {
            return evaluate(b);
        } finally {
            replicas.first().carry(null);
        }
    }

    /** {@link #predict(Storage, int)} with carried state, read from and written back to {@code state}. */
    public Storage predict(Storage x, int n, Storage state) {
        checkState(state, n);
        replicas.first().carry(state);
        try {
            return predict(x, n);
        } finally {
            replicas.first().carry(null);
        }
    }

    private void checkState(Storage state, int n) {
        if (state.precision() != precision()) {
            throw new IllegalArgumentException("state is " + state.precision() + ", network is " + precision());
        }
        if (state.length() < (long) n * stateSize()) {
            throw new IllegalArgumentException(
                    n + " examples need " + (long) n * stateSize() + " state values, got " + state.length());
        }
    }

    @Override
    public void close() {
        replicas.close();
    }
}
