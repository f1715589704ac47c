package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import java.util.Arrays;

/**
 * AdaGrad as PyTorch's {@code torch.optim.Adagrad} (dense gradients). At step t (from 1), with
 * gradient g, weight decay λ, learning-rate decay η_d:
 * <pre>
 *   g   = g + λ·p
 *   clr = lr / (1 + (t − 1)·η_d)
 *   sum = sum + g²
 *   p   = p − clr · g / (√sum + ε)
 * </pre>
 * ε is added after the square root. {@code sum} starts at {@code initial_accumulator_value}
 * (default 0), as PyTorch fills it when the optimizer is built. Defaults: lr 0.01, lr_decay 0,
 * ε 1e-10. State: {@code [sum]}, and the step count t.
 */
public final class Adagrad extends KernelOptimizer<AdagradSpec> {
    private Storage sum;

    Adagrad(AdagradSpec spec, Precision precision, int count) {
        super(spec, precision, count);
        this.sum = initialSum();
    }

    private Storage initialSum() {
        double[] s = new double[count];
        Arrays.fill(s, spec.initialAccumulator());
        return Storage.of(precision, s);
    }

    @Override
    public void step(Storage params, Storage grads, double lr) {
        steps++;
        double clr = lr / (1 + (steps - 1) * spec.lrDecay());
        k.adagrad(params, grads, sum, count, clr, spec.weightDecay(), spec.eps());
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(steps, new double[][] {sum.toDoubles()});
    }

    @Override
    public void restore(OptimizerState state) {
        double[][] b = OptimizerStates.check(state, 1, count, "adagrad");
        steps = state.steps();
        sum = b[0].length == 0 ? initialSum() : Storage.of(precision, b[0]);
    }
}
