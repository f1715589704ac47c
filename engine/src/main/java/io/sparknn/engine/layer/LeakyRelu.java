package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;

/**
 * x for x &gt; 0, slope·x otherwise. Derivative: 1 where x &gt; 0, slope elsewhere, so at x = 0 and
 * x = −0 it is the slope, as PyTorch's {@code leaky_relu_backward} ({@code x > 0 ? dy : slope·dy}).
 */
final class LeakyRelu extends Elementwise {
    private final double slope;

    LeakyRelu(LayerContext ctx, double slope) {
        super(ctx);
        this.slope = slope;
    }

    @Override
    void apply(Storage x, Storage y, int count) {
        k.leakyReluForward(x, y, count, slope);
    }

    @Override
    void derive(Storage x, Storage y, Storage dy, Storage dx, int count) {
        k.leakyReluBackward(x, dy, dx, count, slope);
    }
}
