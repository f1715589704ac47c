package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;

/** Row-major batch-first data is already flat per example: both passes hand the storage on. */
final class Flatten extends Layer {
    Flatten(LayerContext ctx) {
        super(ctx);
    }

    @Override
    public Storage forward(Storage x, int n, ForwardPass pass) {
        return x;
    }

    @Override
    public Storage backward(Storage dy, int n) {
        return ctx.needsInputGradient() ? dy : null;
    }

    @Override
    public Storage directional(Storage rx, Storage v, int n) {
        return rx;
    }

    @Override
    public boolean hasDirectional() {
        return true;
    }
}
