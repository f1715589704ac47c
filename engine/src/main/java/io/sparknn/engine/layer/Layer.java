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
}
