package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.ActivationKernels;

/**
 * An activation applied value by value, shape unchanged. It keeps its input and output for the
 * backward pass, since some derivatives are cheaper from the output (sigmoid, tanh).
 */
abstract class Elementwise extends Layer {
    protected final ActivationKernels k;
    private final int size;
    private Storage x;
    private Storage y;
    private Storage dx;
    private Storage ry;

    Elementwise(LayerContext ctx) {
        super(ctx);
        this.k = ActivationKernels.of(ctx.precision());
        this.size = ctx.in().size();
    }

    /** y = f(x) over {@code count} values. */
    abstract void apply(Storage x, Storage y, int count);

    /** dx = f'(x) · dy, from x or y. */
    abstract void derive(Storage x, Storage y, Storage dy, Storage dx, int count);

    @Override
    public final Storage forward(Storage x, int n, ForwardPass pass) {
        this.x = x;
        y = Storage.atLeast(y, ctx.precision(), n * size);
        apply(x, y, n * size);
        return y;
    }

    @Override
    public final Storage backward(Storage dy, int n) {
        if (!ctx.needsInputGradient()) {
            return null;
        }
        dx = Storage.atLeast(dx, ctx.precision(), n * size);
        derive(x, y, dy, dx, n * size);
        return dx;
    }

    /** The Jacobian is diagonal, so R(y) = f'(x) ⊙ R(x): the backward's derivative, applied to R(x). */
    @Override
    public final Storage directional(Storage rx, Storage v, int n) {
        if (rx == null) {
            return null;
        }
        ry = Storage.atLeast(ry, ctx.precision(), n * size);
        derive(x, y, rx, ry, n * size);
        return ry;
    }

    @Override
    public final boolean hasDirectional() {
        return true;
    }
}
