package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/**
 * The optimizers whose step evaluates the step's batch again: L-BFGS (its line search and inner
 * iterations, {@link Lbfgs.Objective}) and Hessian-free (curvature products and backtracking,
 * {@link HessianFree.Curvature}). The training loop calls their own {@code step} with the step's
 * objective; the gradient-only {@link #step(Storage, Storage, double)} cannot take their step and
 * refuses. As {@link KernelOptimizer} does for the others, it holds the spec, the precision and the
 * number of parameters.
 */
public abstract sealed class BatchEvaluatingOptimizer<S extends OptimizerSpec> implements Optimizer
        permits Lbfgs, HessianFree {
    final S spec;
    final Precision precision;
    /** Parameters updated, the length of every per-parameter vector. */
    final int count;

    BatchEvaluatingOptimizer(S spec, Precision precision, int count) {
        this.spec = spec;
        this.precision = precision;
        this.count = count;
    }

    /** Refused: this optimizer evaluates the step's batch again, so it needs the step's objective. */
    @Override
    public final void step(Storage params, Storage grads, double lr) {
        throw new UnsupportedOperationException(spec.kind().text()
                + " evaluates the step's batch again within a step: it needs the step's objective, not only its"
                + " mean gradient");
    }
}
