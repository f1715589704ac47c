package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;

/** Not yet implemented (work in progress on a branch). */
final class Embedding extends Layer {
    Embedding(LayerContext ctx, int vocab, int dim) {
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
