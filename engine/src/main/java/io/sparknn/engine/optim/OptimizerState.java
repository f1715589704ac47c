package io.sparknn.engine.optim;

import java.util.Arrays;

/**
 * An optimizer's state as plain arrays: the number of steps taken and its per-parameter buffers
 * (momentum, first and second moments, ...) in the optimizer's documented order, as doubles.
 * A buffer PyTorch creates lazily on the first step has length 0 before it.
 */
public record OptimizerState(long steps, double[][] buffers) {

    public OptimizerState {
        buffers = Arrays.stream(buffers).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public double[][] buffers() {
        return Arrays.stream(buffers).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptimizerState s && s.steps == steps && Arrays.deepEquals(s.buffers, buffers);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(steps) * 31 + Arrays.deepHashCode(buffers);
    }
}
