package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;

/**
 * See {@link Pool2dSpec}. Forward records each window's argmax per example; backward adds each
 * window's gradient at its argmax (overlapping windows may share one). Ties: the first maximum in
 * row-major window order.
 */
final class MaxPool2d extends Pool2d {
    private int[] argmax = new int[0];

    MaxPool2d(LayerContext ctx, Pool2dSpec spec) {
        super(ctx, spec);
    }

    @Override
    void pool(Storage x, int n, Storage y) {
        if (argmax.length < n * outSize) {
            argmax = new int[n * outSize];
        }
        k.maxForward(g, x, n, y, argmax);
    }

    @Override
    void unpool(Storage dy, int n, Storage dx) {
        k.maxBackward(g, dy, n, argmax, dx);
    }

    /** R(y) = R(x) at each window's argmax of the forward pass (the first maximum, as backward). */
    @Override
    void poolDirection(Storage rx, int n, Storage ry) {
        k.maxGather(g, rx, n, argmax, ry);
    }
}
