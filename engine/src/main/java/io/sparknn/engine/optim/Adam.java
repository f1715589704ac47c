package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.OptimizerKernels;

/**
 * Adam, and AdamW with decoupled weight decay, as PyTorch's {@code torch.optim.Adam} / {@code AdamW}
 * (amsgrad off). At step t (from 1), with gradient g:
 * <pre>
 *   AdamW: p = p·(1 − lr·λ)          Adam: g = g + λ·p
 *   m = β1·m + (1 − β1)·g            v = β2·v + (1 − β2)·g²
 *   p = p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 * ε is added after the bias correction of √v, where PyTorch puts it. m and v start at zero.
 * AdamW decays p before the gradient step with the step's lr; Adam adds λ·p to the gradient.
 * Defaults: lr 0.001, β (0.9, 0.999), ε 1e-8, λ 0 (AdamW 0.01).
 * State: {@code [exp_avg, exp_avg_sq]}, and the step count t.
 */
public final class Adam implements Optimizer {
    private final OptimizerSpec spec;
    private final OptimizerKernels k;
    private final Precision precision;
    private final int count;
    private Storage m;
    private Storage v;
    private long steps;

    Adam(OptimizerSpec spec, Precision precision, int count) {
        this.spec = spec;
        this.k = OptimizerKernels.of(precision);
        this.precision = precision;
        this.count = count;
        this.m = Storage.allocate(precision, count);
        this.v = Storage.allocate(precision, count);
    }

    @Override
    public void step(Storage params, Storage grads, double lr) {
        steps++;
        boolean decoupled = spec.kind() == OptimizerSpec.Kind.ADAMW;
        double bc1 = 1 - Math.pow(spec.beta1(), steps);
        double bc2 = 1 - Math.pow(spec.beta2(), steps);
        k.adam(params, grads, m, v, count, lr, decoupled ? 0 : spec.weightDecay(), decoupled ? spec.weightDecay() : 0,
                spec.beta1(), spec.beta2(), spec.eps(), bc1, bc2);
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(steps, new double[][] {m.toDoubles(), v.toDoubles()});
    }

    @Override
    public void restore(OptimizerState state) {
        double[][] b = OptimizerStates.check(state, 2, count, spec.kind().text());
        steps = state.steps();
        m = OptimizerStates.storage(precision, count, b[0]);
        v = OptimizerStates.storage(precision, count, b[1]);
    }
}
