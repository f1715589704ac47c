package io.sparknn.engine.layer;

import io.sparknn.engine.Shape;
import java.util.Map;

/**
 * Inverted dropout: in training each value is zeroed with probability {@code p} and the rest
 * scaled by {@code 1 / (1 − p)}; identity at inference. The mask of an example is drawn from
 * (seed, step, layer index, the example's global id), so it does not depend on how a batch is split.
 */
public record DropoutSpec(double p) implements LayerSpec {
    public static final String KIND = "dropout";

    public DropoutSpec {
        if (!(p >= 0 && p < 1)) {
            throw new SpecException("dropout: p must be in [0, 1), got " + p);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public Layer create(LayerContext ctx) {
        return new Dropout(ctx, p);
    }

    @Override
    public Map<String, SpecValue> fields() {
        return Map.of("p", SpecValue.real(p));
    }
}
