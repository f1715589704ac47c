package io.sparknn.engine.loss;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.LossKernels;

/**
 * What the losses that compare each output value with a target value share: value targets of the
 * output width and precision ({@link Targets#values}), one kernel call over every value of the
 * rows, and the count rows × width.
 */
abstract sealed class ValueLoss implements Loss permits MeanSquaredError, BinaryCrossEntropyWithLogits {
    /** The loss's name in spec text, for messages. */
    private final String name;

    private final Precision precision;
    private final LossKernels k;
    private final Kernel kernel;

    /**
     * The kernel of one value loss, a method of {@link LossKernels}: the loss sum of the first
     * {@code count} values of {@code out} against {@code targets} from {@code tOff}, and its gradient
     * into {@code dOut} when that is not null.
     */
    @FunctionalInterface
    interface Kernel {
        double sum(LossKernels k, Storage out, Storage targets, int tOff, int count, Storage dOut);
    }

    ValueLoss(String name, Precision p, Kernel kernel) {
        this.name = name;
        this.precision = p;
        this.k = LossKernels.of(p);
        this.kernel = kernel;
    }

    @Override
    public final double sum(Storage out, int rows, int width, Targets t, int row0, Storage dOut) {
        return kernel.sum(k, out, t.values(), row0 * width, rows * width, dOut);
    }

    /** The kernels of this loss's precision. */
    final LossKernels kernels() {
        return k;
    }

    @Override
    public final long count(int rows, int width) {
        return (long) rows * width;
    }

    /** Value targets of the output width and precision, holding at least rows × width values. */
    @Override
    public void checkTargets(Targets t, int rows, int width) {
        if (t.hasLabels()) {
            throw new IllegalArgumentException(
                    name + ": needs value targets (Targets.values) of width " + width + ", got class labels");
        }
        if (t.width() != width) {
            throw new IllegalArgumentException(
                    name + ": targets of width " + t.width() + " for outputs of width " + width);
        }
        if (t.values().precision() != precision) {
            throw new IllegalArgumentException(
                    name + ": targets are " + t.values().precision() + ", network is " + precision);
        }
        if (t.values().length() < (long) rows * width) {
            throw new IllegalArgumentException(
                    name + ": " + t.values().length() + " target values for " + rows + " rows of width " + width);
        }
    }
}
