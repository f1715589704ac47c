package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.ActivationKernels;

/** x for x &gt; 0, slope·x otherwise; derivative slope at x = 0, as PyTorch's leaky_relu. */
final class LeakyRelu extends Layer {
    private final ActivationKernels k;
    private final double slope;
    private final int size;
    private Storage x;
    private Storage y;
    private Storage dx;

    LeakyRelu(LayerContext ctx, double slope) {
        super(ctx);
        this.k = ActivationKernels.of(ctx.precision());
        this.slope = slope;
        this.size = ctx.in().size();
    }

    @Override
    public Storage forward(Storage x, int n, ForwardPass pass) {
        this.x = x;
        y = Storage.atLeast(y, ctx.precision(), n * size);
        k.leakyReluForward(x, y, n * size, slope);
        return y;
    }

    @Override
    public Storage backward(Storage dy, int n) {
        if (!ctx.needsInputGradient()) {
            return null;
        }
        dx = Storage.atLeast(dx, ctx.precision(), n * size);
        k.leakyReluBackward(x, dy, dx, n * size, slope);
        return dx;
    }
}
