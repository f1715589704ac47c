package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.OptimizerKernels;

/**
 * Adadelta as PyTorch's {@code torch.optim.Adadelta}. With gradient g, weight decay λ, decay ρ:
 * <pre>
 *   g   = g + λ·p
 *   sq  = ρ·sq + (1 − ρ)·g²
 *   δ   = √(acc + ε) / √(sq + ε) · g
 *   acc = ρ·acc + (1 − ρ)·δ²
 *   p   = p − lr·δ
 * </pre>
 * ε is inside both square roots; {@code lr} scales δ (PyTorch's extension of the paper, where
 * lr = 1). sq and acc start at zero. Defaults: lr 1.0, ρ 0.9, ε 1e-6.
 * State: {@code [square_avg, acc_delta]}, and the step count.
 */
public final class Adadelta extends KernelOptimizer<AdadeltaSpec> {
    private Storage squareAvg;
    private Storage accDelta;

    Adadelta(AdadeltaSpec spec, Precision precision, int count) {
        super(spec, precision, count);
        this.squareAvg = Storage.allocate(precision, count);
        this.accDelta = Storage.allocate(precision, count);
    }

    @Override
    public void step(Storage params, Storage grads, double lr) {
        steps++;
        var step = new OptimizerKernels.AdadeltaStep(lr, spec.rho(), spec.eps(), spec.weightDecay());
        k.adadelta(params, grads, squareAvg, accDelta, count, step);
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(steps, new double[][] {squareAvg.toDoubles(), accDelta.toDoubles()});
    }

    @Override
    public void restore(OptimizerState state) {
        double[][] b = OptimizerStates.check(state, 2, count, "adadelta");
        steps = state.steps();
        squareAvg = OptimizerStates.storage(precision, count, b[0]);
        accDelta = OptimizerStates.storage(precision, count, b[1]);
    }
}
