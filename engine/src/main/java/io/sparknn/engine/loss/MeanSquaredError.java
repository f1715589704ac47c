package io.sparknn.engine.loss;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.LossKernels;

/**
 * Squared error over every output value: sum Σ (y − t)², gradient 2(y − t), count rows × width,
 * so sum / count is PyTorch's {@code MSELoss()} (mean reduction). Targets: {@link Targets#values}
 * of the output width.
 */
public final class MeanSquaredError implements Loss {
    private final Precision precision;
    private final LossKernels k;

    public MeanSquaredError(Precision p) {
        this.precision = p;
        this.k = LossKernels.of(p);
    }

    @Override
    public double sum(Storage out, int rows, int width, Targets t, int row0, Storage dOut) {
        return k.squaredError(out, t.values(), row0 * width, rows * width, dOut);
    }

    @Override
    public long count(int rows, int width) {
        return (long) rows * width;
    }

    @Override
    public void checkTargets(Targets t, int rows, int width) {
        ValueTargets.check("mse", precision, t, rows, width);
    }
}
