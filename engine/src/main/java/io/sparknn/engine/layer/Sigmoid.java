package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.ActivationKernels;

/**
 * 1 / (1 + e^−x), computed without overflow for any x (saturates to exactly 0 or 1);
 * derivative y·(1 − y) from the output.
 */
final class Sigmoid extends Layer {
    private final ActivationKernels k;
    private final int size;
    private Storage y;
    private Storage dx;

    Sigmoid(LayerContext ctx) {
        super(ctx);
        this.k = ActivationKernels.of(ctx.precision());
        this.size = ctx.in().size();
    }

    @Override
    public Storage forward(Storage x, int n, ForwardPass pass) {
        y = Storage.atLeast(y, ctx.precision(), n * size);
        k.sigmoidForward(x, y, n * size);
        return y;
    }

    @Override
    public Storage backward(Storage dy, int n) {
        if (!ctx.needsInputGradient()) {
            return null;
        }
        dx = Storage.atLeast(dx, ctx.precision(), n * size);
        k.sigmoidBackward(y, dy, dx, n * size);
        return dx;
    }
}
