package io.sparknn.engine.layer;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
<<<<<<< HEAD
import java.util.SplittableRandom;

/** One computing layer on its own storages, as a network would bind it, for layer-level tests. */
=======
import java.util.function.Function;

/** One layer outside a network, so a test chooses its parameters and its upstream gradient. */
>>>>>>> conv
final class LayerHarness {
    final Layer layer;
    final Storage params;
    final Storage grads;
<<<<<<< HEAD
    final Storage buffers;

    LayerHarness(LayerSpec spec, Shape in, Precision p, int index) {
        int pc = spec.paramCount(in);
        int bc = spec.bufferCount(in);
        params = Storage.allocate(p, pc);
        grads = Storage.allocate(p, pc);
        buffers = Storage.allocate(p, bc);
        spec.initialize(params, 0, in, new SplittableRandom(1));
        spec.initializeBuffers(buffers, 0, in);
        layer = spec.create(new LayerContext(index, NetworkSpec.layerName(index, spec), p, in, spec.outputShape(in),
                params, grads, 0, pc, buffers, 0, bc, true));
    }

    LayerHarness(LayerSpec spec, Shape in, Precision p) {
        this(spec, in, p, 0);
    }

    /** A training pass over examples with ids {@code ids}, from the first. */
    static ForwardPass training(long seed, long step, long... ids) {
        return new ForwardPass(true, seed, step, ids, 0);
    }

    /** Forward then backward; returns dx as doubles (n·in values). */
    double[] backward(Storage dy, int n) {
        return layer.backward(dy, n).toDoubles(0, n * layer.context().in().size());
=======
    final Shape in;
    final Shape out;
    private final Precision precision;

    private LayerHarness(Precision precision, Shape in, Shape out, Storage params, Storage grads,
                         boolean inputGradient, Function<LayerContext, Layer> create) {
        this.precision = precision;
        this.in = in;
        this.out = out;
        this.params = params;
        this.grads = grads;
        this.layer = create.apply(new LayerContext(0, "layer 1 (test)", precision, in, out, params, grads,
                0, params.length(), Storage.allocate(precision, 0), 0, 0, inputGradient));
    }

    /** The layer {@code spec} creates, over the given parameters (converted to {@code precision}). */
    static LayerHarness of(LayerSpec spec, Shape in, Precision precision, double[] params) {
        return of(spec, in, precision, params, spec::create);
    }

    static LayerHarness of(LayerSpec spec, Shape in, Precision precision, double[] params,
                           Function<LayerContext, Layer> create) {
        return of(spec, in, precision, params, true, create);
    }

    /** With {@code inputGradient} false the layer is a network's first: backward returns null. */
    static LayerHarness of(LayerSpec spec, Shape in, Precision precision, double[] params, boolean inputGradient,
                           Function<LayerContext, Layer> create) {
        if (params.length != spec.paramCount(in)) {
            throw new IllegalArgumentException(NetworkSpec.layerName(0, spec) + " needs " + spec.paramCount(in) + " parameters");
        }
        return new LayerHarness(precision, in, spec.outputShape(in), Storage.of(precision, params),
                Storage.allocate(precision, params.length), inputGradient, create);
    }

    /** y (n, out...) as doubles. */
    double[] forward(double[] x, int n) {
        return layer.forward(Storage.of(precision, x), n, ForwardPass.INFERENCE).toDoubles(0, n * out.size());
    }

    /**
     * dx (n, in...) as doubles (null for a first layer), after the matching {@link #forward};
     * parameter gradients add into {@link #grads}.
     */
    double[] backward(double[] dy, int n) {
        Storage dx = layer.backward(Storage.of(precision, dy), n);
        return dx == null ? null : dx.toDoubles(0, n * in.size());
>>>>>>> conv
    }
}
