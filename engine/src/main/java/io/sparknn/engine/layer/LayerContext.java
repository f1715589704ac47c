package io.sparknn.engine.layer;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;

/**
 * Where a computing layer lives: its shapes, and its views into the network's flat storages
 * (parameters and gradients share one layout; buffers hold non-trainable state).
 *
 * @param index               position in the network, from 0
 * @param name                for messages, e.g. {@code layer 2 (conv2d)}
 * @param needsInputGradient  false for the first layer unless input gradients were asked for
 */
public record LayerContext(
        int index,
        String name,
        Precision precision,
        Shape in,
        Shape out,
        Storage params,
        Storage grads,
        int paramOffset,
        int paramCount,
        Storage buffers,
        int bufferOffset,
        int bufferCount,
        boolean needsInputGradient) {}
