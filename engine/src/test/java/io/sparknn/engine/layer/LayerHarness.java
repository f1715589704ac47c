package io.sparknn.engine.layer;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import java.util.SplittableRandom;

/** One computing layer on its own storages, as a network would bind it, for layer-level tests. */
final class LayerHarness {
    final Layer layer;
    final Storage params;
    final Storage grads;
    final Storage buffers;

    LayerHarness(LayerSpec spec, Shape in, Precision p, int index) {
        int pc = spec.paramCount(in);
        int bc = spec.bufferCount(in);
        params = Storage.allocate(p, pc);
        grads = Storage.allocate(p, pc);
        buffers = Storage.allocate(p, bc);
        spec.initialize(params, 0, in, new SplittableRandom(1));
        spec.initializeBuffers(buffers, 0, in);
        layer = spec.create(new LayerContext(
                index,
                NetworkSpec.layerName(index, spec),
                p,
                in,
                spec.outputShape(in),
                params,
                grads,
                0,
                pc,
                buffers,
                0,
                bc,
                true));
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
    }
}
