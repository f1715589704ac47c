package io.sparknn.engine.optim;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Shape;
import io.sparknn.engine.layer.BatchNormSpec;
import io.sparknn.engine.layer.Conv2dSpec;
import io.sparknn.engine.layer.DenseSpec;
import io.sparknn.engine.layer.EmbeddingSpec;
import io.sparknn.engine.layer.LayerSpec;
import io.sparknn.engine.layer.RecurrentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where each of a network's parameter tensors lies in the flat parameter vector, and what it is
 * (a weight, a bias, a normalisation parameter): the segments over which a layer-wise optimizer
 * (LARS, LAMB) takes its norms. The vector stays one flat array; this only names its pieces, in the
 * layout the layers document: dense and conv2d {@code W} then {@code b}; batch norm {@code gamma}
 * then {@code beta}; embedding {@code weight}; LSTM/GRU {@code W_ih}, {@code W_hh}, {@code b_ih},
 * {@code b_hh} (PyTorch's {@code named_parameters()} of the same layers, in order).
 *
 * @param count   parameters in all, the length of the flat vector
 * @param tensors the tensors in order, covering {@code [0, count)} without gaps
 */
public record ParameterTensors(int count, List<Tensor> tensors) {

    /** What a tensor is, for the exclusions of {@link Exclude}. */
    public enum Role {
        WEIGHT,
        /** A bias vector (dense, conv2d, LSTM/GRU). */
        BIAS,
        /** A normalisation layer's scale or shift (batch norm's gamma and beta). */
        NORM
    }

    /** One tensor: {@code length} values from {@code offset} of the flat vector. */
    public record Tensor(int offset, int length, Role role) {}

    /**
     * Which tensors a layer-wise optimizer leaves out of weight decay and of the trust ratio (they
     * take the plain step with ratio 1 and no decay). Leaving out biases and normalisation
     * parameters is a convention of common implementations (for LARS: Goyal et al.'s and most
     * SimCLR/BYOL code; for LAMB: BERT's and NVIDIA's {@code exclude_from_weight_decay} and
     * {@code exclude_from_layer_adaptation}), not of the papers, which adapt every tensor
     * ({@link #NONE}).
     */
    public enum Exclude {
        /** Every tensor decays and has its trust ratio, as the papers write it. */
        NONE,
        /** Biases and batch norm's gamma and beta neither decay nor have a trust ratio. */
        BIAS_AND_NORM;

        /** The name in configs and model files: {@code none}, {@code bias_and_norm}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** True if {@code t} takes weight decay and the trust ratio. */
        public boolean adapts(Tensor t) {
            return this == NONE || t.role() == Role.WEIGHT;
        }
    }

    public ParameterTensors {
        tensors = List.copyOf(tensors);
        int at = 0;
        for (Tensor t : tensors) {
            if (t.offset() != at || t.length() < 0) {
                throw new IllegalArgumentException(
                        "parameter tensors must cover the vector in order: " + t + " after " + at);
            }
            at += t.length();
        }
        if (at != count) {
            throw new IllegalArgumentException("parameter tensors cover " + at + " of " + count + " parameters");
        }
    }

    /**
     * The whole vector as one weight tensor: what an optimizer made without a network sees (a
     * layer-wise optimizer then takes one norm over all parameters).
     */
    public static ParameterTensors single(int count) {
        return new ParameterTensors(count, count == 0 ? List.of() : List.of(new Tensor(0, count, Role.WEIGHT)));
    }

    /** The tensors of {@code network}'s layers, in the order of its flat parameter vector. */
    public static ParameterTensors of(NetworkSpec network) {
        List<Tensor> out = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < network.layers().size(); i++) {
            LayerSpec l = network.layers().get(i);
            Shape in = network.shapeBefore(i);
            int n = l.paramCount(in);
            if (n == 0) {
                continue;
            }
            List<Piece> pieces = pieces(l, in);
            if (pieces == null) {
                throw new IllegalArgumentException(NetworkSpec.layerName(i, l)
                        + " has parameters but no known tensor layout for a layer-wise optimizer");
            }
            int sum = 0;
            for (Piece p : pieces) {
                out.add(new Tensor(at + sum, p.length(), p.role()));
                sum += p.length();
            }
            if (sum != n) {
                throw new IllegalStateException(
                        NetworkSpec.layerName(i, l) + ": tensors of " + sum + " values for " + n + " parameters");
            }
            at += n;
        }
        return new ParameterTensors(at, out);
    }

    /** A tensor's length and role, before its offset is known. */
    private record Piece(int length, Role role) {}

    /** The tensors of one layer, or null for a layer of unknown layout. */
    private static List<Piece> pieces(LayerSpec l, Shape in) {
        if (l instanceof DenseSpec d) {
            return weightAndBias(d.paramCount(in), d.bias() ? d.units() : 0);
        }
        if (l instanceof Conv2dSpec c) {
            return weightAndBias(c.paramCount(in), c.bias() ? c.filters() : 0);
        }
        if (l instanceof BatchNormSpec) {
            int c = BatchNormSpec.channels(in);
            return List.of(new Piece(c, Role.NORM), new Piece(c, Role.NORM));
        }
        if (l instanceof EmbeddingSpec e) {
            return List.of(new Piece(e.paramCount(in), Role.WEIGHT));
        }
        if (l instanceof RecurrentSpec r) {
            int g = r.gates() * r.hidden();
            List<Piece> cell = List.of(
                    new Piece(g * in.last(), Role.WEIGHT),
                    new Piece(g * r.hidden(), Role.WEIGHT),
                    new Piece(g, Role.BIAS),
                    new Piece(g, Role.BIAS));
            if (r.synthetic() == null) {
                return cell;
            }
            // the synthesiser's layers (Synthesiser): weight and bias of each
            List<Piece> all = new ArrayList<>(cell);
            int s = r.stateSize();
            int sh = r.synthetic().hidden();
            if (sh > 0) {
                all.add(new Piece(sh * s, Role.WEIGHT));
                all.add(new Piece(sh, Role.BIAS));
            }
            all.add(new Piece(s * (sh > 0 ? sh : s), Role.WEIGHT));
            all.add(new Piece(s, Role.BIAS));
            return all;
        }
        return null;
    }

    private static List<Piece> weightAndBias(int total, int bias) {
        return bias == 0
                ? List.of(new Piece(total, Role.WEIGHT))
                : List.of(new Piece(total - bias, Role.WEIGHT), new Piece(bias, Role.BIAS));
    }
}
