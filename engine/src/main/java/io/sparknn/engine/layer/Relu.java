package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;

/** max(0, x). Derivative 1 where x &gt; 0, else 0, so 0 at x = 0 and x = −0 (PyTorch's {@code threshold_backward}). */
final class Relu extends Elementwise {
    Relu(LayerContext ctx) {
        super(ctx);
    }

    @Override
    void apply(Storage x, Storage y, int count) {
        k.reluForward(x, y, count);
    }

    @Override
    void derive(Storage x, Storage y, Storage dy, Storage dx, int count) {
        k.reluBackward(x, dy, dx, count);
    }
}
