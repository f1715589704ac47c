package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.ActivationKernels;

/** tanh(x); derivative 1 − y² from the output. */
final class Tanh extends Layer {
    private final ActivationKernels k;
    private final int size;
    private Storage y;
    private Storage dx;

    Tanh(LayerContext ctx) {
        super(ctx);
        this.k = ActivationKernels.of(ctx.precision());
        this.size = ctx.in().size();
    }

    @Override
    public Storage forward(Storage x, int n, ForwardPass pass) {
        y = Storage.atLeast(y, ctx.precision(), n * size);
        k.tanhForward(x, y, n * size);
        return y;
    }

    @Override
    public Storage backward(Storage dy, int n) {
        if (!ctx.needsInputGradient()) {
            return null;
        }
        dx = Storage.atLeast(dx, ctx.precision(), n * size);
        k.tanhBackward(y, dy, dx, n * size);
        return dx;
    }
}
