package io.sparknn.engine.kernel;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/**
 * Per-parameter update loops of the optimizers over {@code [0, count)}, or over {@code [from, to)}
 * where the optimizer cuts the vector across threads ({@link Parallel}: every element is updated
 * alone, so any cut gives the same bits); the float64 twin is generated. Each loop does PyTorch's single-tensor update in PyTorch's order of operations
 * ({@code addcmul}: {@code a + (c·x)·y}; {@code addcdiv}: {@code a + (c·x)/y}), so float64 results
 * agree with PyTorch to a few ulps. {@code wd} is L2 weight decay, added to the gradient first
 * ({@code g' = g + wd·p}); {@code grads} are never written.
 */
public interface OptimizerKernels {

    static OptimizerKernels of(Precision p) {
        return p == Precision.FLOAT32 ? FloatOptimizerKernels.INSTANCE : DoubleOptimizerKernels.INSTANCE;
    }

    /** One SGD step's coefficients; {@code firstStep}: the momentum buffer holds nothing yet. */
    record SgdStep(double lr, double wd, double momentum, double dampening, boolean nesterov, boolean firstStep) {}

    /**
     * SGD: with momentum, buf = g' on the first step, else buf = μ·buf + (1 − dampening)·g';
     * d = g' + μ·buf (Nesterov) or buf; without momentum (buf null) d = g'; p −= lr·d.
     */
    void sgd(Storage p, Storage g, Storage buf, int from, int to, SgdStep step);

    /** AdaGrad: sum += g'²; p −= clr · g' / (√sum + ε), clr already decayed by the caller. */
    void adagrad(Storage p, Storage g, Storage sum, int count, double clr, double wd, double eps);

    /** One Adadelta step's coefficients. */
    record AdadeltaStep(double lr, double rho, double eps, double wd) {}

    /**
     * Adadelta: sq = ρ·sq + (1 − ρ)·g'²; δ = √(acc + ε) / √(sq + ε) · g';
     * acc = ρ·acc + (1 − ρ)·δ²; p −= lr·δ.
     */
    void adadelta(Storage p, Storage g, Storage squareAvg, Storage accDelta, int count, AdadeltaStep step);

    /**
     * RMSProp: sq = α·sq + (1 − α)·g'²; centered (gradAvg not null): ga = α·ga + (1 − α)·g',
     * a = √(sq − ga²) + ε, else a = √sq + ε; with momentum (buf not null) buf = μ·buf + g'/a,
     * p −= lr·buf, else p −= lr·g'/a.
     */
    void rmsprop(Storage p, Storage g, Storage squareAvg, Storage gradAvg, Storage buf, int count, RmsPropStep step);

    /** One RMSProp step's coefficients. */
    record RmsPropStep(double lr, double alpha, double eps, double wd, double momentum) {}

    /**
     * Adam/AdamW: p *= 1 − lr·decoupledWd; g' = g + l2Wd·p; m = β1·m + (1 − β1)·g';
     * v = β2·v + (1 − β2)·g'²; with AMSGrad (maxV not null) maxV = max(maxV, v), u = maxV, else u = v;
     * p −= (lr / bc1) · m / (√u / √bc2 + ε).
     */
    void adam(Storage p, Storage g, Storage m, Storage v, Storage maxV, int from, int to, AdamStep step);

    /**
     * One Adam/AdamW step's coefficients: {@code bc1} and {@code bc2} the bias corrections
     * 1 − β1^t and 1 − β2^t of step t; one of the two weight decays is 0.
     */
    record AdamStep(
            double lr,
            double l2Wd,
            double decoupledWd,
            double beta1,
            double beta2,
            double eps,
            double bc1,
            double bc2) {}
}
