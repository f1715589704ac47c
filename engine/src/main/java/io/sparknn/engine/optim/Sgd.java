package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.OptimizerKernels;
import io.sparknn.engine.kernel.Parallel;

/**
 * Stochastic gradient descent with optional momentum, dampening and Nesterov momentum, as
 * PyTorch's {@code torch.optim.SGD}:
 * <pre>
 *   d = g + λ·p                                  (weight decay λ)
 *   if μ ≠ 0:  b = d on the first step, else b = μ·b + (1 − τ)·d   (dampening τ)
 *              d = d + μ·b  if Nesterov, else d = b
 *   p = p − lr·d
 * </pre>
 * The momentum buffer is seeded with the first step's d (no dampening then), as PyTorch.
 * Defaults: lr 0.01 (PyTorch requires lr; 0.01 is this project's default), μ 0, τ 0, λ 0.
 * State: {@code [momentum_buffer]} (empty before the first step, and always without momentum),
 * and the step count.
 */
public final class Sgd extends KernelOptimizer<SgdSpec> {
    private Storage buf;

    Sgd(SgdSpec spec, Precision precision, int count) {
        super(spec, precision, count);
    }

    @Override
    public void step(Storage params, Storage grads, double lr) {
        step(params, grads, lr, Parallel.SERIAL);
    }

    @Override
    public void step(Storage params, Storage grads, double lr, Parallel threads) {
        boolean first = buf == null;
        if (spec.momentum() != 0 && first) {
            buf = Storage.allocate(precision, count);
        }
        var step = new OptimizerKernels.SgdStep(
                lr, spec.weightDecay(), spec.momentum(), spec.dampening(), spec.nesterov(), first);
        Storage b = spec.momentum() != 0 ? buf : null;
        threads.forRanges(count, (from, to) -> k.sgd(params, grads, b, from, to, step));
        steps++;
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(steps, new double[][] {buf == null ? new double[0] : buf.toDoubles()});
    }

    @Override
    public void restore(OptimizerState state) {
        double[][] b = OptimizerStates.check(state, 1, count, "sgd");
        steps = state.steps();
        buf = b[0].length == 0 || spec.momentum() == 0 ? null : Storage.of(precision, b[0]);
    }
}
