package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.optim.ParameterTensors.Tensor;

/**
 * What LARS and LAMB share: their update scales each parameter tensor by a trust ratio of norms,
 * so a step walks the tensors of the flat vector ({@link ParameterTensors}) one at a time, takes
 * each one's weights and gradient out in double, lets the optimizer update the weights, and stores
 * them back in the run's precision. Which tensors are adapted is the spec's {@code exclude}; the
 * step count ({@link KernelOptimizer}'s, counted before the tensors are updated: LAMB's t) is saved
 * with the state.
 */
abstract sealed class TrustRatioOptimizer<S extends TrustRatioSpec> extends KernelOptimizer<S> permits Lamb, Lars {
    protected final ParameterTensors tensors;

    TrustRatioOptimizer(S spec, Precision precision, ParameterTensors tensors) {
        super(spec, precision, tensors.count());
        this.tensors = tensors;
    }

    @Override
    public final void step(Storage params, Storage grads, double lr) {
        steps++;
        for (Tensor t : tensors.tensors()) {
            double[] x = slice(params, t);
            update(t, x, slice(grads, t), lr);
            params.copyFrom(x, 0, t.offset(), t.length());
        }
    }

    /** Tensor {@code t}'s values in the flat vector {@code s} (parameters, gradients, a buffer), in double. */
    static double[] slice(Storage s, Tensor t) {
        return s.toDoubles(t.offset(), t.length());
    }

    /**
     * Stores {@code values} as tensor {@code t}'s part of the buffer {@code s}, rounded to the run's
     * precision, and returns them as stored: LARS and LAMB go on with the rounded buffer, the values
     * the next step and a resume read.
     */
    static double[] storeRounded(Storage s, Tensor t, double[] values) {
        s.copyFrom(values, 0, t.offset(), t.length());
        return slice(s, t);
    }

    /** Updates tensor {@code t}'s weights {@code x} in place from its gradient {@code g} at the step's learning rate. */
    abstract void update(Tensor t, double[] x, double[] g, double lr);

    /** Whether the trust ratio (and the weight decay) applies to {@code t}: not to an excluded tensor. */
    final boolean adapts(Tensor t) {
        return spec.exclude().adapts(t);
    }

    /** ‖x‖₂, the squares summed in double in index order. */
    static double norm(double[] x) {
        double s = 0;
        for (double a : x) {
            s += a * a;
        }
        return Math.sqrt(s);
    }
}
