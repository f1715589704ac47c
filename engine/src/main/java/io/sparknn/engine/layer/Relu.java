package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;

/** max(0, x), derivative 0 at 0 (PyTorch's convention). */
final class Relu extends Elementwise {
    Relu(LayerContext ctx) {
        super(ctx);
    }

    @Override
    void apply(Storage x, Storage y, int count) {
        k.reluForward(x, y, count);
    }

    @Override
    void derive(Storage x, Storage y, Storage dy, Storage dx, int count) {
        k.reluBackward(x, dy, dx, count);
    }
}
