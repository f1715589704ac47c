package io.sparknn.engine.loss;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/** Not yet implemented (work in progress on a branch). */
public final class BinaryCrossEntropyWithLogits implements Loss {
    public BinaryCrossEntropyWithLogits(Precision p) {
        throw new UnsupportedOperationException("BinaryCrossEntropyWithLogits: not implemented yet");
    }

    @Override
    public double sum(Storage out, int rows, int width, Targets t, int row0, Storage dOut) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long count(int rows, int width) {
        return (long) rows * width;
    }

    @Override
    public void checkTargets(Targets t, int rows, int width) {
        throw new UnsupportedOperationException();
    }
}
