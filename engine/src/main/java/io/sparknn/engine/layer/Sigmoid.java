package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;

/**
 * 1 / (1 + e^−x), computed without overflow for any x (saturates to exactly 0 or 1);
 * derivative y·(1 − y) from the output.
 */
final class Sigmoid extends Elementwise {
    Sigmoid(LayerContext ctx) {
        super(ctx);
    }

    @Override
    void apply(Storage x, Storage y, int count) {
        k.sigmoidForward(x, y, count);
    }

    @Override
    void derive(Storage x, Storage y, Storage dy, Storage dx, int count) {
        k.sigmoidBackward(y, dy, dx, count);
    }
}
