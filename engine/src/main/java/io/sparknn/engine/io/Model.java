package io.sparknn.engine.io;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.optim.Optimizer;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerState;
import java.util.Arrays;
import java.util.Objects;

/**
 * A trained network as plain data, what a {@link ModelFile} holds: the spec, the flat parameters
 * and buffers in the network's layout, and optionally the input preprocessing and the optimizer
 * with its state (to resume training). Construction checks that the pieces fit the spec.
 *
 * <p>The parameter and buffer arrays are held as given, not copied, because they can be large:
 * treat them as read-only.
 *
 * @param precision       the network's precision; a file stores parameters, buffers and optimizer
 *                        state in it (float32 values are rounded once when written)
 * @param preprocessing   applied to inputs before the network, or {@code null}
 * @param optimizer       the optimizer that trained the parameters, or {@code null}
 * @param optimizerState  its state, or {@code null} (only with an optimizer; null means a fresh one)
 */
public record Model(
        NetworkSpec spec,
        Precision precision,
        double[] parameters,
        double[] buffers,
        Preprocessing preprocessing,
        OptimizerSpec optimizer,
        OptimizerState optimizerState) {

    public Model {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(buffers, "buffers");
        int pc = spec.paramCount();
        if (parameters.length != pc || buffers.length != spec.bufferCount()) {
            throw new IllegalArgumentException("the network spec needs " + pc + " parameters and " + spec.bufferCount()
                    + " buffer values, the model has " + parameters.length + " and " + buffers.length);
        }
        if (preprocessing != null) {
            checkFits(spec, preprocessing);
        }
        if (optimizerState != null) {
            checkFits(pc, optimizer, optimizerState);
        }
    }

    private static void checkFits(NetworkSpec spec, Preprocessing p) {
        Shape in = spec.input();
        if (p.inputWidth() != in.size() && p.inputWidth() != in.last()) {
            throw new IllegalArgumentException(
                    "preprocessing of width " + p.inputWidth() + " does not fit the network input " + in);
        }
        int outputs = spec.output().last();
        if (!p.labelNames().isEmpty() && p.labelNames().size() != outputs) {
            throw new IllegalArgumentException(
                    p.labelNames().size() + " label names for a network with " + outputs + " outputs");
        }
    }

    private static void checkFits(int paramCount, OptimizerSpec optimizer, OptimizerState state) {
        if (optimizer == null) {
            throw new IllegalArgumentException("an optimizer state needs its optimizer spec");
        }
        if (state.steps() < 0) {
            throw new IllegalArgumentException("optimizer state has a negative step count " + state.steps());
        }
        for (double[] b : state.buffers()) {
            if (b.length != 0 && b.length != paramCount) {
                throw new IllegalArgumentException(
                        "optimizer state buffer of length " + b.length + " for " + paramCount + " parameters");
            }
        }
    }

    /** The network's current parameters and buffers, without preprocessing or optimizer. */
    public static Model of(Network net) {
        return new Model(
                net.spec(),
                net.precision(),
                net.parameters().toDoubles(),
                net.buffers().toDoubles(),
                null,
                null,
                null);
    }

    /** This model with the given preprocessing (or none, for {@code null}). */
    public Model with(Preprocessing p) {
        return new Model(spec, precision, parameters, buffers, p, optimizer, optimizerState);
    }

    /** This model with the given optimizer and state (the state may be {@code null}: a fresh optimizer). */
    public Model withOptimizer(OptimizerSpec spec, OptimizerState state) {
        return new Model(this.spec, precision, parameters, buffers, preprocessing, spec, state);
    }

    /** A network over this model's parameters and buffers; the options must ask for the model's precision. */
    public Network toNetwork(Network.Options options) {
        if (options.precision() != precision) {
            throw new IllegalArgumentException(
                    "the model is " + precision + " but the network options ask for " + options.precision());
        }
        return Network.of(spec, options, parameters, buffers);
    }

    /**
     * The model's optimizer with its state restored (a fresh one when there is no state), ready to
     * continue training; an {@link IllegalArgumentException} if the state does not suit the optimizer.
     */
    public Optimizer newOptimizer() {
        if (optimizer == null) {
            throw new IllegalStateException("the model has no optimizer");
        }
        Optimizer o = optimizer.create(precision, spec);
        if (optimizerState != null) {
            o.restore(optimizerState);
        }
        return o;
    }

    /** Bitwise equality of all values (NaN equals NaN, 0.0 differs from −0.0). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Model m
                && m.spec.equals(spec)
                && m.precision == precision
                && Arrays.equals(m.parameters, parameters)
                && Arrays.equals(m.buffers, buffers)
                && Objects.equals(m.preprocessing, preprocessing)
                && Objects.equals(m.optimizer, optimizer)
                && Objects.equals(m.optimizerState, optimizerState);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                spec,
                precision,
                Arrays.hashCode(parameters),
                Arrays.hashCode(buffers),
                preprocessing,
                optimizer,
                optimizerState);
    }

    /** The spec and sizes, not the values. */
    @Override
    public String toString() {
        return "Model[" + precision + ", " + parameters.length + " parameters, " + buffers.length + " buffer values, "
                + (preprocessing == null ? "no preprocessing" : preprocessing)
                + (optimizer == null ? ", no optimizer" : ", optimizer " + optimizer.toText())
                + (optimizerState == null ? "" : " after " + optimizerState.steps() + " steps")
                + "]\n" + spec.toText();
    }
}
