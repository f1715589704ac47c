package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;

/**
 * See {@link Pool2dSpec}. The mean of each window; backward spreads each window's gradient evenly
 * over its kh·kw positions (no padding, so every window counts kh·kw values, as PyTorch).
 */
final class AvgPool2d extends Pool2d {

    AvgPool2d(LayerContext ctx, Pool2dSpec spec) {
        super(ctx, spec);
    }

    @Override
    void pool(Storage x, int n, Storage y) {
        k.avgForward(g, x, n, y);
    }

    @Override
    void unpool(Storage dy, int n, Storage dx) {
        k.avgBackward(g, dy, n, dx);
    }

    /** Linear: R(y) is the mean of R(x) over each window. */
    @Override
    void poolDirection(Storage rx, int n, Storage ry) {
        k.avgForward(g, rx, n, ry);
    }
}
