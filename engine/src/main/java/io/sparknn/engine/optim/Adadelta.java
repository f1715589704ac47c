package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/** Not yet implemented (work in progress on a branch). */
public final class Adadelta implements Optimizer {
    Adadelta(OptimizerSpec spec, Precision precision, int count) {
        throw new UnsupportedOperationException("Adadelta: not implemented yet");
    }

    @Override
    public void step(Storage params, Storage grads, double lr) {
        throw new UnsupportedOperationException();
    }

    @Override
    public OptimizerState state() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void restore(OptimizerState state) {
        throw new UnsupportedOperationException();
    }
}
