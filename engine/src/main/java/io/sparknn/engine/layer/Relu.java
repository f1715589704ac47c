package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.ActivationKernels;

/** max(0, x), derivative 0 at 0 (PyTorch's convention). */
final class Relu extends Layer {
    private final ActivationKernels k;
    private final int size;
    private Storage x;
    private Storage y;
    private Storage dx;

    Relu(LayerContext ctx) {
        super(ctx);
        this.k = ActivationKernels.of(ctx.precision());
        this.size = ctx.in().size();
    }

    @Override
    public Storage forward(Storage x, int n, ForwardPass pass) {
        this.x = x;
        y = Storage.atLeast(y, ctx.precision(), n * size);
        k.reluForward(x, y, n * size);
        return y;
    }

    @Override
    public Storage backward(Storage dy, int n) {
        if (!ctx.needsInputGradient()) {
            return null;
        }
        dx = Storage.atLeast(dx, ctx.precision(), n * size);
        k.reluBackward(x, dy, dx, n * size);
        return dx;
    }
}
