package io.sparknn.engine.loss;

import io.sparknn.engine.LossResult;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.LossKernels;

/**
 * Squared error over every output value: sum Σ (y − t)², gradient 2(y − t), count rows × width,
 * so sum / count is PyTorch's {@code MSELoss()} (mean reduction). Targets: {@link Targets#values}
 * of the output width.
 */
public final class MeanSquaredError extends ValueLoss {

    public MeanSquaredError(Precision p) {
        super("mse", p, LossKernels::squaredError);
    }

    /** Regression: no accuracy. */
    @Override
    public long correct(Storage out, int rows, int width, Targets t, int row0) {
        return LossResult.NO_ACCURACY;
    }

    /** H = 2·I: hv = 2·v. */
    @Override
    public void hessianVector(Storage out, int rows, int width, Targets t, int row0, Storage v, Storage hv) {
        kernels().squaredErrorHessian(v, rows * width, hv);
    }
}
