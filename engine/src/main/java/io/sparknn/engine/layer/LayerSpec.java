package io.sparknn.engine.layer;

import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A layer as plain data: its kind and settings, from which shapes and parameter counts follow.
 * Separate from the {@link Layer} that computes, so specs can be written to files and configs
 * (as {@code kind key=value ...}, no class names) and checked before anything is allocated.
 */
public interface LayerSpec {

    /** The kind as written in spec text and config files, e.g. {@code dense}. */
    String kind();

    /** The output shape for an input shape; a {@link SpecException} naming the mismatch if it does not fit. */
    Shape outputShape(Shape in);

    /** Trainable parameters for this input shape. */
    default int paramCount(Shape in) {
        return 0;
    }

    /** Non-trainable buffer values (batch-norm running statistics). */
    default int bufferCount(Shape in) {
        return 0;
    }

    /** Initial parameters at {@code params[offset ...]}. */
    default void initialize(Storage params, int offset, Shape in, RandomGenerator rng) {}

    /** Initial buffers at {@code buffers[offset ...]}. */
    default void initializeBuffers(Storage buffers, int offset, Shape in) {}

    /** True if the layer's output depends on the other examples of its batch (batch norm). */
    default boolean couplesExamples() {
        return false;
    }

    /** The layer that computes, bound to its views. */
    Layer create(LayerContext ctx);

    /**
     * The settings as typed values, in the order a spec line and a resolved config write them; every
     * one, defaults included, so that {@link LayerSpecs#read} gives this spec back from them.
     */
    Map<String, SpecValue> fields();

    /** The spec as one line {@code kind key=value ...} of its {@link #fields()}, parsed back by {@link LayerSpecs#parse}. */
    default String toText() {
        return SpecValue.line(kind(), fields());
    }
}
