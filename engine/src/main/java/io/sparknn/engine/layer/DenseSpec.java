package io.sparknn.engine.layer;

import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.init.Init;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Fully connected layer on the last dimension: {@code (n, ..., in) → (n, ..., units)}, so on
 * {@code (n, time, features)} it applies per time step. Parameters, as PyTorch's
 * {@code nn.Linear}: {@code W (units, in)} row-major, then {@code b (units)}; with {@code bias}
 * false ({@code nn.Linear(bias=False)}, for a layer that batch norm follows) {@code W} alone.
 */
public record DenseSpec(int units, Init init, boolean bias) implements LayerSpec {
    public static final String KIND = "dense";

    /** With a bias. */
    public DenseSpec(int units, Init init) {
        this(units, init, true);
    }

    public DenseSpec {
        if (units < 1) {
            throw new SpecException("dense: units must be >= 1, got " + units);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Shape outputShape(Shape in) {
        return in.withLast(units);
    }

    @Override
    public int paramCount(Shape in) {
        return Math.addExact(Math.multiplyExact(units, in.last()), bias ? units : 0);
    }

    @Override
    public void initialize(Storage params, int offset, Shape in, RandomGenerator rng) {
        init.fill(params, offset, units * in.last(), in.last(), units, rng);
    }

    @Override
    public Layer create(LayerContext ctx) {
        return new Dense(ctx, units, bias);
    }

    /** {@code bias} only when false: a layer with a bias keeps the line and config it always had. */
    @Override
    public Map<String, SpecValue> fields() {
        Map<String, SpecValue> f = new LinkedHashMap<>();
        f.put("units", SpecValue.integer(units));
        f.put("init", SpecValue.name(init.text()));
        if (!bias) {
            f.put("bias", SpecValue.bool(false));
        }
        return f;
    }

    static DenseSpec read(SpecFields f) {
        return new DenseSpec(f.integer("units", 1), f.init("init", Init.HE_UNIFORM), f.flag("bias", true));
    }
}
