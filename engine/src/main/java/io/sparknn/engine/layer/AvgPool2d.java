package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.PoolKernels;
import io.sparknn.engine.kernel.Window2d;

/**
 * See {@link Pool2dSpec}. The mean of each window; backward spreads each window's gradient evenly
 * over its kh·kw positions (no padding, so every window counts kh·kw values, as PyTorch).
 */
final class AvgPool2d extends Layer {
    private final PoolKernels k;
    private final Window2d g;
    private final int inSize;
    private final int outSize;
    private Storage y;
    private Storage dx;

    AvgPool2d(LayerContext ctx, Pool2dSpec spec) {
        super(ctx);
        this.k = PoolKernels.of(ctx.precision());
        this.g = Window2d.unpadded(ctx.in().dim(0), ctx.in().dim(1), ctx.in().dim(2),
                spec.kernelH(), spec.kernelW(), spec.strideH(), spec.strideW());
        this.inSize = g.inSize();
        this.outSize = ctx.out().size();
    }

    @Override
    public Storage forward(Storage x, int n, ForwardPass pass) {
        y = Storage.atLeast(y, ctx.precision(), n * outSize);
        k.avgForward(g, x, n, y);
        return y;
    }

    @Override
    public Storage backward(Storage dy, int n) {
        if (!ctx.needsInputGradient()) {
            return null;
        }
        dx = Storage.atLeast(dx, ctx.precision(), n * inSize);
        k.avgBackward(g, dy, n, dx);
        return dx;
    }
}
