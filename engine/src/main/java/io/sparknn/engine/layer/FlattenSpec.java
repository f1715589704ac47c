package io.sparknn.engine.layer;

import io.sparknn.engine.Shape;
import java.util.Map;

/** {@code (n, ...) → (n, size)}: the values stay where they are, only the shape changes. */
public record FlattenSpec() implements LayerSpec {
    public static final String KIND = "flatten";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Shape outputShape(Shape in) {
        return Shape.of(in.size());
    }

    @Override
    public Layer create(LayerContext ctx) {
        return new Flatten(ctx);
    }

    @Override
    public Map<String, SpecValue> fields() {
        return Map.of();
    }
}
