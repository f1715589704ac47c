package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.optim.ParameterTensors.Tensor;

/**
 * LARS, layer-wise adaptive rate scaling (You, Gitman and Ginsburg 2017, "Large Batch Training of
 * Convolutional Networks", Algorithm 1), with the trust ratio per parameter tensor
 * ({@link ParameterTensors}: each layer's weight and bias are two tensors, as PyTorch's
 * {@code named_parameters()}). For each tensor w with gradient g, at the step's learning rate γ
 * (the schedule's; the paper's polynomial decay is one schedule among others), momentum m, weight
 * decay β and trust coefficient η:
 * <pre>
 *   adapted tensor:   q = η·‖w‖ / (‖g‖ + β·‖w‖)      (q = 1 when ‖w‖ = 0 or ‖g‖ + β·‖w‖ = 0)
 *                     v = m·v + (γ·q)·(g + β·w)
 *   excluded tensor:  v = m·v + γ·g                   (no decay, q = 1)
 *   w = w − v
 * </pre>
 * This is the paper's update: q is its η·λ (local LR λ = ‖w‖ / (‖g‖ + β‖w‖)), the learning rate
 * sits inside the momentum buffer (v₀ = 0, no dampening, no Nesterov), and the norms are those of
 * the tensor's weights and raw gradient before the step. Two choices the paper leaves open, as
 * common implementations make them: q = 1 when a norm is zero (a zero-initialised tensor moves by
 * γ·g), and {@code exclude} ({@link ParameterTensors.Exclude}, default {@code bias_and_norm}): biases
 * and batch norm's gamma and beta take the plain momentum step without decay. Norms are sums of
 * squares in double in index order; all arithmetic is in double, the momentum buffer and the
 * parameters are stored in the run's precision. Defaults: lr 1.0 (this project's: PyTorch has no
 * LARS), momentum 0.9, weight decay 0.0005 and η 0.001 (the paper's).
 *
 * <p>State: {@code [momentum_buffer]} (zeros before the first step) and the step count.
 */
public final class Lars extends TrustRatioOptimizer<LarsSpec> {
    private Storage buf;

    Lars(LarsSpec spec, Precision precision, ParameterTensors tensors) {
        super(spec, precision, tensors);
        this.buf = Storage.allocate(precision, count);
    }

    @Override
    void update(Tensor t, double[] w, double[] g, double lr) {
        double m = spec.momentum();
        double wd = spec.weightDecay();
        int n = t.length();
        double[] v = slice(buf, t);
        boolean adapts = adapts(t);
        double scale = lr;
        double beta = 0;
        if (adapts) {
            beta = wd;
            double wn = norm(w);
            double den = norm(g) + wd * wn;
            if (wn > 0 && den > 0) {
                scale = lr * (spec.trustCoefficient() * wn / den);
            }
        }
        for (int i = 0; i < n; i++) {
            v[i] = m * v[i] + scale * (g[i] + beta * w[i]);
        }
        v = storeRounded(buf, t, v);
        for (int i = 0; i < n; i++) {
            w[i] -= v[i];
        }
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(steps, new double[][] {buf.toDoubles()});
    }

    @Override
    public void restore(OptimizerState state) {
        double[][] b = OptimizerStates.check(state, 1, count, "lars");
        steps = state.steps();
        buf = OptimizerStates.storage(precision, count, b[0]);
    }
}
