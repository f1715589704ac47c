package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;

/** Not yet implemented (work in progress on a branch). */
final class AvgPool2d extends Layer {
    AvgPool2d(LayerContext ctx, Pool2dSpec spec) {
        super(ctx);
        throw new UnsupportedOperationException(ctx.name() + ": not implemented yet");
    }

    @Override
    public Storage forward(Storage x, int n, ForwardPass pass) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Storage backward(Storage dy, int n) {
        throw new UnsupportedOperationException();
    }
}
