package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;

/**
 * A layer that computes: a forward and a backward pass over a batch of {@code n} examples,
 * batch-first and row-major. Output and input-gradient storages are owned by the layer and reused
 * from step to step (valid until its next call); parameter gradients are <em>added</em> into the
 * network's gradient view, which the network zeroes before each batch.
 */
public abstract class Layer {
    protected final LayerContext ctx;

    protected Layer(LayerContext ctx) {
        this.ctx = ctx;
    }

    public LayerContext context() {
        return ctx;
    }

    /** x: (n, in...) → y: (n, out...). */
    public abstract Storage forward(Storage x, int n, ForwardPass pass);

    /**
     * dy: (n, out...) → dx: (n, in...), accumulating parameter gradients. Called right after the
     * matching forward. Returns null when {@link LayerContext#needsInputGradient()} is false.
     */
    public abstract Storage backward(Storage dy, int n);

    /**
     * The R-op (Pearlmutter 1994): the directional derivative R(y) = ∂y/∂x·R(x) + ∂y/∂w·v of the
     * last forward pass, through what that pass kept (its inputs, outputs, argmax, dropout mask),
     * called after it and before the matching {@link #backward}, which it leaves intact.
     *
     * @param rx  R(x): the input's directional derivative, (n, in...); null when the input does not
     *            depend on the parameters (the network's input)
     * @param v   the direction in the network's parameter layout (this layer's part at
     *            {@link LayerContext#paramOffset()}), the layer's precision
     * @return R(y), (n, out...), owned by the layer until its next call; null when it is zero (no
     *     parameters and no {@code rx})
     * @throws UnsupportedOperationException for layers without an R-op (batch norm, embedding,
     *     recurrent layers: see {@link #hasDirectional})
     */
    public Storage directional(Storage rx, Storage v, int n) {
        throw new UnsupportedOperationException(ctx.name() + " has no R-op (Gauss-Newton-vector products)");
    }

    /** True when {@link #directional} is defined. */
    public boolean hasDirectional() {
        return false;
    }
}
