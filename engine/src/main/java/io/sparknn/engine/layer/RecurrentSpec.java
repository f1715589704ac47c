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
 *
 * <p>With {@code synthetic} (not null) the layer also has a {@link Synthesiser} of its state, whose
 * parameters follow the cell's: in stateful training it predicts the gradient at each window's end
 * and learns from the gradient found at the next window's start (synthetic gradients).
 */
public record RecurrentSpec(boolean lstm, int hidden, boolean returnSequences, Synthetic synthetic)
        implements LayerSpec {
    public static final String LSTM = "lstm";
    public static final String GRU = "gru";

    /**
     * A synthetic-gradient model of the layer's state.
     *
     * @param hidden 0 for a linear model, else the width of its one hidden ReLU layer
     * @param weight the weight of its regression loss (0: it never learns and stays at zero)
     */
    public record Synthetic(int hidden, double weight) {
        public static final String LINEAR = "linear";
        public static final String MLP = "mlp";
    }

    /** Without a synthesiser. */
    public RecurrentSpec(boolean lstm, int hidden, boolean returnSequences) {
        this(lstm, hidden, returnSequences, null);
    }

    /** This spec with a synthesiser (null: without). */
    public RecurrentSpec withSynthetic(Synthetic s) {
        return new RecurrentSpec(lstm, hidden, returnSequences, s);
    }

    /** Values of state per example: h, and c for an LSTM. */
    public int stateSize() {
        return lstm ? 2 * hidden : hidden;
    }

    /** The cell's own parameters, without the synthesiser's. */
    public int cellParamCount(Shape in) {
        int g = gates() * hidden;
        return Math.addExact(Math.multiplyExact(g, in.last() + hidden), 2 * g);
    }

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
        int cell = cellParamCount(in);
        return synthetic == null ? cell : Math.addExact(cell, Synthesiser.paramCount(stateSize(), synthetic.hidden()));
    }

    @Override
    public void initialize(Storage params, int offset, Shape in, RandomGenerator rng) {
        double bound = 1 / Math.sqrt(hidden);
        int cell = cellParamCount(in);
        for (int i = 0; i < cell; i++) {
            params.set(offset + i, (2 * rng.nextDouble() - 1) * bound);
        }
        if (synthetic != null) {
            Synthesiser.initialize(params, offset + cell, stateSize(), synthetic.hidden(), rng);
        }
    }

    @Override
    public Layer create(LayerContext ctx) {
        return lstm ? new Lstm(ctx, this) : new Gru(ctx, this);
    }

    @Override
    public Map<String, SpecValue> fields() {
        Map<String, SpecValue> f =
                SpecValue.fields("hidden", SpecValue.integer(hidden), "sequences", SpecValue.bool(returnSequences));
        if (synthetic != null) {
            // written only when on, so the specs of every earlier recurrent network read and print as before
            f.put("synthetic", SpecValue.name(synthetic.hidden() == 0 ? Synthetic.LINEAR : Synthetic.MLP));
            if (synthetic.hidden() > 0) {
                f.put("synthetic_hidden", SpecValue.integer(synthetic.hidden()));
            }
            f.put("synthetic_weight", SpecValue.real(synthetic.weight()));
        }
        return f;
    }

    static RecurrentSpec read(boolean lstm, SpecFields f) {
        int hidden = f.integer("hidden", 1);
        boolean sequences = f.flag("sequences", true);
        String kind = f.choice("synthetic", "none", "none", Synthetic.LINEAR, Synthetic.MLP);
        if (kind.equals("none")) {
            return new RecurrentSpec(lstm, hidden, sequences);
        }
        // synthetic_hidden is read only for an mlp: given with a linear one it is an unknown key
        int sgHidden = kind.equals(Synthetic.MLP) ? f.integer("synthetic_hidden", 1, 2 * hidden) : 0;
        double weight = f.number("synthetic_weight", 0, 1e6, 1.0);
        return new RecurrentSpec(lstm, hidden, sequences, new Synthetic(sgHidden, weight));
    }
}
