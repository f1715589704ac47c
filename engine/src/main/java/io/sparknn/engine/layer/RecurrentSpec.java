package io.sparknn.engine.layer;

import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * LSTM or GRU over {@code (n, time, features)} with PyTorch's parameter layout:
 * {@code W_ih (G·h, in)}, {@code W_hh (G·h, h)}, {@code b_ih (G·h)}, {@code b_hh (G·h)} with
 * G = 4 gates i, f, g, o for the LSTM and G = 3 gates r, z, n for the GRU; initialised
 * U(−1/√h, 1/√h) as PyTorch. Output {@code (n, time, h)}, or {@code (n, h)} for the last step only.
 */
public record RecurrentSpec(boolean lstm, int hidden, boolean returnSequences) implements LayerSpec {
    public static final String LSTM = "lstm";
    public static final String GRU = "gru";

    public int gates() {
        return lstm ? 4 : 3;
    }

    @Override
    public String kind() {
        return lstm ? LSTM : GRU;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 2) {
            throw new SpecException(kind() + " needs a (time, features) input, got " + in);
        }
        return returnSequences ? Shape.of(in.dim(0), hidden) : Shape.of(hidden);
    }

    @Override
    public int paramCount(Shape in) {
        int g = gates() * hidden;
        return Math.addExact(Math.multiplyExact(g, in.last() + hidden), 2 * g);
    }

    @Override
    public void initialize(Storage params, int offset, Shape in, RandomGenerator rng) {
        double bound = 1 / Math.sqrt(hidden);
        for (int i = 0; i < paramCount(in); i++) {
            params.set(offset + i, (2 * rng.nextDouble() - 1) * bound);
        }
    }

    @Override
    public Layer create(LayerContext ctx) {
        return lstm ? new Lstm(ctx, this) : new Gru(ctx, this);
    }

    @Override
    public Map<String, SpecValue> fields() {
        return SpecValue.fields("hidden", SpecValue.integer(hidden), "sequences", SpecValue.bool(returnSequences));
    }

    static RecurrentSpec read(boolean lstm, SpecFields f) {
        return new RecurrentSpec(lstm, f.integer("hidden", 1), f.flag("sequences", true));
    }
}
