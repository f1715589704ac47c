package io.sparknn.engine.layer;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import java.util.function.Function;

/** One layer outside a network, so a test chooses its parameters and its upstream gradient. */
final class SingleLayer {
    final Layer layer;
    final Storage params;
    final Storage grads;
    final Shape in;
    final Shape out;
    private final Precision precision;

    private SingleLayer(
            Precision precision,
            Shape in,
            Shape out,
            Storage params,
            Storage grads,
            boolean inputGradient,
            Function<LayerContext, Layer> create) {
        this.precision = precision;
        this.in = in;
        this.out = out;
        this.params = params;
        this.grads = grads;
        this.layer = create.apply(new LayerContext(
                0,
                "layer 1 (test)",
                precision,
                in,
                out,
                params,
                grads,
                0,
                params.length(),
                Storage.allocate(precision, 0),
                0,
                0,
                inputGradient));
    }

    /** The layer {@code spec} creates, over the given parameters (converted to {@code precision}). */
    static SingleLayer of(LayerSpec spec, Shape in, Precision precision, double[] params) {
        return of(spec, in, precision, params, spec::create);
    }

    static SingleLayer of(
            LayerSpec spec, Shape in, Precision precision, double[] params, Function<LayerContext, Layer> create) {
        return of(spec, in, precision, params, true, create);
    }

    /** With {@code inputGradient} false the layer is a network's first: backward returns null. */
    static SingleLayer of(
            LayerSpec spec,
            Shape in,
            Precision precision,
            double[] params,
            boolean inputGradient,
            Function<LayerContext, Layer> create) {
        if (params.length != spec.paramCount(in)) {
            throw new IllegalArgumentException(
                    NetworkSpec.layerName(0, spec) + " needs " + spec.paramCount(in) + " parameters");
        }
        return new SingleLayer(
                precision,
                in,
                spec.outputShape(in),
                Storage.of(precision, params),
                Storage.allocate(precision, params.length),
                inputGradient,
                create);
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
    }
}
