package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.optim.ParameterTensors.Tensor;

/**
 * LAMB (You et al. 2019, "Large Batch Optimization for Deep Learning: Training BERT in 76
 * minutes", Algorithm 2: Adam's moments with bias correction, a decoupled weight decay and a trust
 * ratio per parameter tensor, φ the identity). At step t (from 1), for each tensor x of the flat
 * vector ({@link ParameterTensors}: each layer's weight and bias are two tensors, as PyTorch's
 * {@code named_parameters()}) with gradient g, learning rate η (the schedule's), β1, β2, ε and
 * weight decay λ:
 * <pre>
 *   m = β1·m + (1 − β1)·g              v = β2·v + (1 − β2)·g²
 *   r = (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 *   adapted tensor:   u = r + λ·x,   q = ‖x‖ / ‖u‖   (q = 1 when ‖x‖ = 0 or ‖u‖ = 0)
 *   excluded tensor:  u = r,         q = 1
 *   x = x − (η·q)·u
 * </pre>
 * The variant: the paper's Algorithm 2 with its bias correction; ε added to the bias-corrected
 * √v̂ (where Adam puts it); φ(z) = z, no clipping of ‖x‖; the norms are of the tensor before the
 * step; q = 1 when either norm is zero, as the paper's reference implementations do. Excluding
 * tensors ({@code exclude}, {@link ParameterTensors.Exclude}, default {@code bias_and_norm}: biases
 * and batch norm's gamma and beta take Adam's step without decay) is a convention of common
 * implementations, not the paper's. Norms are sums of squares in double in index order; all
 * arithmetic is in double, the moments and parameters are stored in the run's precision.
 * Defaults: lr 0.001, β (0.9, 0.999), ε 1e-6, λ 0.01 (the paper's BERT settings apart from the lr).
 *
 * <p>State: {@code [exp_avg, exp_avg_sq]} (zeros before the first step) and the step count t.
 */
public final class Lamb extends TrustRatioOptimizer<LambSpec> {
    private Storage m;
    private Storage v;

    Lamb(LambSpec spec, Precision precision, ParameterTensors tensors) {
        super(spec, precision, tensors);
        this.m = Storage.allocate(precision, count);
        this.v = Storage.allocate(precision, count);
    }

    @Override
    void update(Tensor t, double[] x, double[] g, double lr) {
        double beta1 = spec.beta1();
        double beta2 = spec.beta2();
        double eps = spec.eps();
        double bc1 = 1 - Math.pow(beta1, steps);
        double bc2 = 1 - Math.pow(beta2, steps);
        int n = t.length();
        double[] mt = slice(m, t);
        double[] vt = slice(v, t);
        for (int i = 0; i < n; i++) {
            mt[i] = beta1 * mt[i] + (1 - beta1) * g[i];
            vt[i] = beta2 * vt[i] + (1 - beta2) * g[i] * g[i];
        }
        mt = storeRounded(m, t, mt);
        vt = storeRounded(v, t, vt);
        boolean adapts = adapts(t);
        double lambda = adapts ? spec.weightDecay() : 0;
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            double r = (mt[i] / bc1) / (Math.sqrt(vt[i] / bc2) + eps);
            u[i] = adapts ? r + lambda * x[i] : r;
        }
        double scale = lr;
        if (adapts) {
            double xn = norm(x);
            double un = norm(u);
            if (xn > 0 && un > 0) {
                scale = lr * (xn / un);
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] -= scale * u[i];
        }
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(steps, new double[][] {m.toDoubles(), v.toDoubles()});
    }

    @Override
    public void restore(OptimizerState state) {
        double[][] b = OptimizerStates.check(state, 2, count, "lamb");
        steps = state.steps();
        m = OptimizerStates.storage(precision, count, b[0]);
        v = OptimizerStates.storage(precision, count, b[1]);
    }
}
