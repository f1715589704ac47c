package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.PoolKernels;
import io.sparknn.engine.kernel.Window2d;

/**
 * What max and average pooling share (see {@link Pool2dSpec}): the window geometry, the sizes, the
 * output and input-gradient buffers; a subclass names its kernels.
 */
abstract sealed class Pool2d extends Layer permits AvgPool2d, MaxPool2d {
    protected final PoolKernels k;
    protected final Window2d g;
    private final int inSize;
    /** Values of one example's output. */
    protected final int outSize;

    private Storage y;
    private Storage dx;
    private Storage ry;

    Pool2d(LayerContext ctx, Pool2dSpec spec) {
        super(ctx);
        this.k = PoolKernels.of(ctx.precision());
        this.g = Window2d.over(ctx.in(), spec.kernelH(), spec.kernelW(), spec.strideH(), spec.strideW(), 0, 0);
        this.inSize = g.inSize();
        this.outSize = ctx.out().size();
    }

    @Override
    public final Storage forward(Storage x, int n, ForwardPass pass) {
        y = Storage.atLeast(y, ctx.precision(), n * outSize);
        pool(x, n, y);
        return y;
    }

    @Override
    public final Storage backward(Storage dy, int n) {
        if (!ctx.needsInputGradient()) {
            return null;
        }
        dx = Storage.atLeast(dx, ctx.precision(), n * inSize);
        unpool(dy, n, dx);
        return dx;
    }

    @Override
    public final Storage directional(Storage rx, Storage v, int n) {
        if (rx == null) {
            return null;
        }
        ry = Storage.atLeast(ry, ctx.precision(), n * outSize);
        poolDirection(rx, n, ry);
        return ry;
    }

    @Override
    public final boolean hasDirectional() {
        return true;
    }

    /** R(y) (n, c, oh, ow) from R(x) (n, c, h, w), through the windows of the last forward pass. */
    abstract void poolDirection(Storage rx, int n, Storage ry);

    /** y (n, c, oh, ow) from the windows of x (n, c, h, w). */
    abstract void pool(Storage x, int n, Storage y);

    /** dx (n, c, h, w), overwritten, from dy (n, c, oh, ow) of the last forward pass. */
    abstract void unpool(Storage dy, int n, Storage dx);
}
