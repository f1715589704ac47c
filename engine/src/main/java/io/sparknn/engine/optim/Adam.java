package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.OptimizerKernels;
import io.sparknn.engine.kernel.Parallel;

/**
 * Adam, and AdamW with decoupled weight decay, as PyTorch's {@code torch.optim.Adam} / {@code AdamW}
 * (1.13, {@code _single_tensor_adam} / {@code _single_tensor_adamw}). At step t (from 1), with
 * gradient g:
 * <pre>
 *   AdamW: p = p·(1 − lr·λ)          Adam: g = g + λ·p
 *   m = β1·m + (1 − β1)·g            v = β2·v + (1 − β2)·g²
 *   AMSGrad: v̂ = max(v̂, v), u = v̂    otherwise: u = v
 *   p = p − (lr / (1 − β1^t)) · m / (√u / √(1 − β2^t) + ε)
 * </pre>
 * ε is added after the bias correction of √u, where PyTorch puts it; AMSGrad keeps the running
 * maximum of v itself (before bias correction) and bias-corrects the maximum with the current t,
 * as PyTorch does. m, v and v̂ start at zero. AdamW decays p before the gradient step with the
 * step's lr; Adam adds λ·p to the gradient. Defaults: lr 0.001, β (0.9, 0.999), ε 1e-8, λ 0
 * (AdamW 0.01), amsgrad off.
 * State: {@code [exp_avg, exp_avg_sq, max_exp_avg_sq]} and the step count t; max_exp_avg_sq has
 * length 0 without AMSGrad. A state of two buffers (written before AMSGrad existed) restores as
 * one without the maximum.
 */
public final class Adam extends KernelOptimizer<AdamFamilySpec> {
    private Storage m;
    private Storage v;
    private Storage maxV;

    /** {@code spec} an {@link AdamSpec} or an {@link AdamWSpec} (decoupled weight decay). */
    Adam(AdamFamilySpec spec, Precision precision, int count) {
        super(spec, precision, count);
        this.m = Storage.allocate(precision, count);
        this.v = Storage.allocate(precision, count);
        this.maxV = spec.amsgrad() ? Storage.allocate(precision, count) : null;
    }

    @Override
    public void step(Storage params, Storage grads, double lr) {
        step(params, grads, lr, Parallel.SERIAL);
    }

    @Override
    public void step(Storage params, Storage grads, double lr, Parallel threads) {
        steps++;
        boolean decoupled = spec.kind() == OptimizerSpec.Kind.ADAMW;
        double beta1 = spec.beta1();
        double beta2 = spec.beta2();
        double weightDecay = spec.weightDecay();
        double bc1 = 1 - Math.pow(beta1, steps);
        double bc2 = 1 - Math.pow(beta2, steps);
        var step = new OptimizerKernels.AdamStep(
                lr, decoupled ? 0 : weightDecay, decoupled ? weightDecay : 0, beta1, beta2, spec.eps(), bc1, bc2);
        threads.forRanges(count, (from, to) -> k.adam(params, grads, m, v, maxV, from, to, step));
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(steps, new double[][] {m.toDoubles(), v.toDoubles(), OptimizerStates.doubles(maxV)});
    }

    @Override
    public void restore(OptimizerState state) {
        int n = state.buffers().length;
        if (n != 2 && n != 3) {
            throw new IllegalArgumentException(spec.kind().text() + " state needs 3 buffers (2 when written before "
                    + "amsgrad existed), got " + n);
        }
        double[][] b = OptimizerStates.check(state, n, count, spec.kind().text());
        steps = state.steps();
        m = OptimizerStates.storage(precision, count, b[0]);
        v = OptimizerStates.storage(precision, count, b[1]);
        maxV = spec.amsgrad() ? OptimizerStates.storage(precision, count, b.length == 3 ? b[2] : new double[0]) : null;
    }
}
