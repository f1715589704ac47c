package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/** Checks a state being restored has the buffers an optimizer expects, and converts buffers. */
final class OptimizerStates {
    private OptimizerStates() {}

    /** The buffers of {@code state}, each of length 0 (not created yet) or {@code count}. */
    static double[][] check(OptimizerState state, int buffers, int count, String name) {
        double[][] b = state.buffers();
        if (b.length != buffers) {
            throw new IllegalArgumentException(name + " state needs " + buffers + " buffers, got " + b.length);
        }
        for (double[] x : b) {
            if (x.length != 0 && x.length != count) {
                throw new IllegalArgumentException(
                        name + " state buffer of length " + x.length + " for " + count + " parameters");
            }
        }
        if (state.steps() < 0) {
            throw new IllegalArgumentException(name + " state has a negative step count");
        }
        return b;
    }

    /** A buffer from saved values; an empty saved buffer (never created) is zeros, PyTorch's start. */
    static Storage storage(Precision precision, int count, double[] saved) {
        return saved.length == 0 ? Storage.allocate(precision, count) : Storage.of(precision, saved);
    }

    /** The values of a buffer, or an empty array for one the optimizer does not keep. */
    static double[] doubles(Storage s) {
        return s == null ? new double[0] : s.toDoubles();
    }
}
