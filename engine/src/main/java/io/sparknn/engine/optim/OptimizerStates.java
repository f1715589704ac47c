package io.sparknn.engine.optim;

/** Checks a state being restored has the buffers an optimizer expects. */
final class OptimizerStates {
    private OptimizerStates() {
    }

    /** The buffers of {@code state}, each of length 0 (not created yet) or {@code count}. */
    static double[][] check(OptimizerState state, int buffers, int count, String name) {
        double[][] b = state.buffers();
        if (b.length != buffers) {
            throw new IllegalArgumentException(name + " state needs " + buffers + " buffers, got " + b.length);
        }
        for (double[] x : b) {
            if (x.length != 0 && x.length != count) {
                throw new IllegalArgumentException(name + " state buffer of length " + x.length + " for "
                        + count + " parameters");
            }
        }
        if (state.steps() < 0) {
            throw new IllegalArgumentException(name + " state has a negative step count");
        }
        return b;
    }
}
