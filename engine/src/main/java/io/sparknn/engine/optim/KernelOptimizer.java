package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.kernel.OptimizerKernels;

/**
 * What the optimizers share: the spec they were made from, the kernels of their precision, the
 * number of parameters they update, and the step count (PyTorch's {@code state['step']}), which
 * their state saves with the buffers. LARS and LAMB ({@link TrustRatioOptimizer}) compute in double
 * and leave the kernels unused.
 */
abstract sealed class KernelOptimizer<S extends OptimizerSpec> implements Optimizer
        permits Adadelta, Adagrad, Adam, RmsProp, Sgd, TrustRatioOptimizer {
    protected final S spec;
    protected final OptimizerKernels k;
    protected final Precision precision;
    /** Parameters updated, the length of every per-parameter buffer. */
    protected final int count;
    /** Steps taken, restored from a saved state. */
    protected long steps;

    KernelOptimizer(S spec, Precision precision, int count) {
        this.spec = spec;
        this.k = OptimizerKernels.of(precision);
        this.precision = precision;
        this.count = count;
    }
}
