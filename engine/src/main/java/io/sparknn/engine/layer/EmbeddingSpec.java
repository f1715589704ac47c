package io.sparknn.engine.layer;

import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Token ids {@code (n, time)} (stored as values in {@code [0, vocab)}) → vectors
 * {@code (n, time, dim)}. Parameters: {@code weight (vocab, dim)}, initialised N(0, 1) as PyTorch's
 * {@code nn.Embedding}. A non-integer or out-of-range id is an error naming the layer.
 */
public record EmbeddingSpec(int vocab, int dim) implements LayerSpec {
    public static final String KIND = "embedding";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 1) {
            throw new SpecException("embedding needs a (time) input of token ids, got " + in);
        }
        return Shape.of(in.dim(0), dim);
    }

    @Override
    public int paramCount(Shape in) {
        return Math.multiplyExact(vocab, dim);
    }

    @Override
    public void initialize(Storage params, int offset, Shape in, RandomGenerator rng) {
        for (int i = 0; i < vocab * dim; i++) {
            params.set(offset + i, rng.nextGaussian());
        }
    }

    @Override
    public Layer create(LayerContext ctx) {
        return new Embedding(ctx, vocab, dim);
    }

    @Override
    public Map<String, SpecValue> fields() {
        return SpecValue.fields("vocab", SpecValue.integer(vocab), "dim", SpecValue.integer(dim));
    }

    static EmbeddingSpec read(SpecFields f) {
        return new EmbeddingSpec(f.integer("vocab", 1), f.integer("dim", 1));
    }
}
