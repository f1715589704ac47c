package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.OptimizerKernels;

/**
 * RMSProp as PyTorch's {@code torch.optim.RMSprop}. With gradient g, weight decay λ, smoothing α,
 * momentum μ:
 * <pre>
 *   g   = g + λ·p
 *   sq  = α·sq + (1 − α)·g²
 *   centered:  ga = α·ga + (1 − α)·g;   a = √(sq − ga²) + ε
 *   else:                                a = √sq + ε
 *   μ &gt; 0:  buf = μ·buf + g / a;   p = p − lr·buf
 *   else:   p = p − lr · g / a
 * </pre>
 * ε is added after the square root. sq, ga and buf start at zero (unlike SGD, the momentum buffer
 * is not seeded with the first update). Defaults: lr 0.01, α 0.99, ε 1e-8, μ 0, not centered.
 * State: {@code [square_avg, momentum_buffer, grad_avg]}; the momentum buffer has length 0 when
 * μ = 0 and grad_avg when not centered, as PyTorch does not create them.
 */
public final class RmsProp extends KernelOptimizer<RmsPropSpec> {
    private Storage squareAvg;
    private Storage buf;
    private Storage gradAvg;

    RmsProp(RmsPropSpec spec, Precision precision, int count) {
        super(spec, precision, count);
        this.squareAvg = Storage.allocate(precision, count);
        this.buf = usesMomentum() ? Storage.allocate(precision, count) : null;
        this.gradAvg = spec.centered() ? Storage.allocate(precision, count) : null;
    }

    private boolean usesMomentum() {
        return spec.momentum() > 0;
    }

    @Override
    public void step(Storage params, Storage grads, double lr) {
        steps++;
        var step = new OptimizerKernels.RmsPropStep(lr, spec.alpha(), spec.eps(), spec.weightDecay(), spec.momentum());
        k.rmsprop(params, grads, squareAvg, gradAvg, buf, count, step);
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(
                steps,
                new double[][] {squareAvg.toDoubles(), OptimizerStates.doubles(buf), OptimizerStates.doubles(gradAvg)});
    }

    @Override
    public void restore(OptimizerState state) {
        double[][] b = OptimizerStates.check(state, 3, count, "rmsprop");
        steps = state.steps();
        squareAvg = OptimizerStates.storage(precision, count, b[0]);
        buf = usesMomentum() ? OptimizerStates.storage(precision, count, b[1]) : null;
        gradAvg = spec.centered() ? OptimizerStates.storage(precision, count, b[2]) : null;
    }
}
