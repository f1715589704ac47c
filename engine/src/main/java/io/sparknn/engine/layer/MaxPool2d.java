package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.PoolKernels;
import io.sparknn.engine.kernel.Window2d;

/**
 * See {@link Pool2dSpec}. Forward records each window's argmax per example; backward adds each
 * window's gradient at its argmax (overlapping windows may share one). Ties: the first maximum in
 * row-major window order.
 */
final class MaxPool2d extends Layer {
    private final PoolKernels k;
    private final Window2d g;
    private final int inSize;
    private final int outSize;
    private int[] argmax = new int[0];
    private Storage y;
    private Storage dx;

    MaxPool2d(LayerContext ctx, Pool2dSpec spec) {
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
        if (argmax.length < n * outSize) {
            argmax = new int[n * outSize];
        }
        k.maxForward(g, x, n, y, argmax);
        return y;
    }

    @Override
    public Storage backward(Storage dy, int n) {
        if (!ctx.needsInputGradient()) {
            return null;
        }
        dx = Storage.atLeast(dx, ctx.precision(), n * inSize);
        k.maxBackward(g, dy, n, argmax, dx);
        return dx;
    }
}
