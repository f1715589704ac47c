package io.sparknn.engine.optim;

import io.sparknn.engine.Storage;

/**
 * The optimizers whose step evaluates the step's batch again: L-BFGS (its line search and inner
 * iterations, {@link Lbfgs.Objective}) and Hessian-free (curvature products and backtracking,
 * {@link HessianFree.Curvature}). The training loop calls their own {@code step} with the step's
 * objective; the gradient-only {@link #step(Storage, Storage, double)} cannot take their step and
 * refuses.
 */
public abstract sealed class BatchEvaluatingOptimizer implements Optimizer permits Lbfgs, HessianFree {
    /** What the optimizer was made from. */
    public abstract OptimizerSpec spec();

    /** Refused: this optimizer evaluates the step's batch again, so it needs the step's objective. */
    @Override
    public final void step(Storage params, Storage grads, double lr) {
        throw new UnsupportedOperationException(spec().kind().text()
                + " evaluates the step's batch again within a step: it needs the step's objective, not only its"
                + " mean gradient");
    }
}
