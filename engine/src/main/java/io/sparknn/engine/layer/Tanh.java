package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;

/** tanh(x); derivative 1 − y² from the output. */
final class Tanh extends Elementwise {
    Tanh(LayerContext ctx) {
        super(ctx);
    }

    @Override
    void apply(Storage x, Storage y, int count) {
        k.tanhForward(x, y, count);
    }

    @Override
    void derive(Storage x, Storage y, Storage dy, Storage dx, int count) {
        k.tanhBackward(y, dy, dx, count);
    }
}
