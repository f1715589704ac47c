package io.sparknn.engine.kernel;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/** Per-parameter update loops of the optimizers; the float64 twin is generated. */
public interface OptimizerKernels {

    static OptimizerKernels of(Precision p) {
        return p == Precision.FLOAT32 ? FloatOptimizerKernels.INSTANCE : DoubleOptimizerKernels.INSTANCE;
    }

    /**
     * SGD as PyTorch: d = g + wd·p; with momentum, buf = d on the first step, else
     * buf = μ·buf + (1 − dampening)·d; d = d + μ·buf (Nesterov) or buf; p −= lr·d.
     */
    void sgd(Storage p, Storage g, Storage buf, boolean firstStep, int count, double lr, double wd,
             double momentum, double dampening, boolean nesterov);

    /**
     * Adam/AdamW as PyTorch: p *= 1 − lr·decoupledWd; g' = g + l2Wd·p; m = β1·m + (1 − β1)·g';
     * v = β2·v + (1 − β2)·g'²; p −= (lr / bc1) · m / (√v / √bc2 + ε).
     */
    void adam(Storage p, Storage g, Storage m, Storage v, int count, double lr, double l2Wd, double decoupledWd,
              double beta1, double beta2, double eps, double bc1, double bc2);
}
