package io.sparknn.engine.layer;

import io.sparknn.engine.GradientCheck;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import java.util.SplittableRandom;

/**
 * Drives one recurrent layer outside a network, with the loss {@code L = Σ y⊙R} for a fixed R,
 * so that ∂L/∂y = R. Parameters sit at a non-zero offset of a larger storage, and the carried-in
 * state is read through a view with an offset and a stride larger than the state, so the tests
 * also cover the layer's addressing.
 */
final class RecurrentHarness {
    static final int PARAM_PAD = 3;
    static final int STATE_PAD = 2;

    final RecurrentSpec spec;
    final Precision precision;
    final int n;
    final int steps;
    final int in;
    final Storage params;
    final Storage grads;
    final Layer layer;
    final Recurrent recurrent;
    final int paramCount;
    final int stateStride;
    Storage x;
    Storage r;
    /** Initial states at STATE_PAD + i·stateStride, or null for zeros. */
    Storage state;

    RecurrentHarness(RecurrentSpec spec, Precision precision, int n, int steps, int in, boolean needsInputGradient) {
        this.spec = spec;
        this.precision = precision;
        this.n = n;
        this.steps = steps;
        this.in = in;
        Shape inShape = Shape.of(steps, in);
        this.paramCount = spec.paramCount(inShape);
        this.params = Storage.allocate(precision, PARAM_PAD + paramCount + 1);
        this.grads = Storage.allocate(precision, params.length());
        LayerContext ctx = new LayerContext(
                0,
                "layer 1 (" + spec.kind() + ")",
                precision,
                inShape,
                spec.outputShape(inShape),
                params,
                grads,
                PARAM_PAD,
                paramCount,
                Storage.allocate(precision, 0),
                0,
                0,
                needsInputGradient);
        this.layer = spec.create(ctx);
        this.recurrent = (Recurrent) layer;
        this.stateStride = recurrent.stateSize() + 1;
    }

    /** Random parameters, inputs, R and (unless zeroState) initial state in (−1, 1) from the seed. */
    RecurrentHarness randomize(long seed, boolean zeroState) {
        SplittableRandom rng = new SplittableRandom(seed);
        fill(params, rng);
        x = fill(Storage.allocate(precision, n * steps * in), rng);
        r = fill(Storage.allocate(precision, n * outputSize()), rng);
        state = zeroState ? null : fill(Storage.allocate(precision, STATE_PAD + n * stateStride), rng);
        return this;
    }

    private static Storage fill(Storage s, SplittableRandom rng) {
        for (int i = 0; i < s.length(); i++) {
            s.set(i, rng.nextDouble(-1, 1));
        }
        return s;
    }

    int outputSize() {
        return spec.returnSequences() ? steps * spec.hidden() : spec.hidden();
    }

    Storage forward() {
        recurrent.setInitialState(state, STATE_PAD, stateStride);
        return layer.forward(x, n, new ForwardPass(true, 0, 0, null, 0));
    }

    /** L = Σ y⊙R, in double. */
    double loss() {
        Storage y = forward();
        double s = 0;
        for (int i = 0; i < n * outputSize(); i++) {
            s += y.get(i) * r.get(i);
        }
        return s;
    }

    /** Analytic gradients: parameters into {@link #grads} (zeroed first), returns dx (or null). */
    Storage backward(boolean stateGradient) {
        grads.zero(0, grads.length());
        recurrent.computeInitialStateGradient(stateGradient);
        forward();
        return layer.backward(r, n);
    }

    /** The worst relative error of analytic against central-difference gradients over parameters, x and state. */
    double[] worstErrors() {
        Storage dx = backward(state != null);
        double[] dParams = grads.toDoubles(PARAM_PAD, paramCount);
        double[] dIn = dx.toDoubles(0, n * steps * in);
        double paramErr = worst(params, PARAM_PAD, dParams);
        double inputErr = worst(x, 0, dIn);
        double stateErr = 0;
        if (state != null) {
            int size = recurrent.stateSize();
            Storage dState = Storage.allocate(precision, STATE_PAD + n * stateStride);
            recurrent.copyInitialStateGradient(dState, STATE_PAD, stateStride);
            for (int e = 0; e < n; e++) {
                int off = STATE_PAD + e * stateStride;
                stateErr = Math.max(stateErr, worst(state, off, dState.toDoubles(off, size)));
            }
        }
        return new double[] {paramErr, inputErr, stateErr};
    }

    private double worst(Storage s, int off, double[] analytic) {
        double worst = 0;
        for (int i = 0; i < analytic.length; i++) {
            double v = s.get(off + i);
            s.set(off + i, v + GradientCheck.STEP);
            double plus = loss();
            s.set(off + i, v - GradientCheck.STEP);
            double minus = loss();
            s.set(off + i, v);
            worst = Math.max(
                    worst, GradientCheck.relativeError(analytic[i], (plus - minus) / (2 * GradientCheck.STEP)));
        }
        return worst;
    }
}
