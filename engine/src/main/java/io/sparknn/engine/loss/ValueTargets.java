package io.sparknn.engine.loss;

import io.sparknn.engine.Precision;

/** The checks shared by losses that compare each output value with a target value. */
final class ValueTargets {
    private ValueTargets() {
    }

    /** Value targets of the output width and precision, holding at least rows × width values. */
    static void check(String loss, Precision precision, Targets t, int rows, int width) {
        if (t.hasLabels()) {
            throw new IllegalArgumentException(loss + ": needs value targets (Targets.values) of width " + width
                    + ", got class labels");
        }
        if (t.width() != width) {
            throw new IllegalArgumentException(loss + ": targets of width " + t.width() + " for outputs of width "
                    + width);
        }
        if (t.values().precision() != precision) {
            throw new IllegalArgumentException(loss + ": targets are " + t.values().precision() + ", network is "
                    + precision);
        }
        if (t.values().length() < (long) rows * width) {
            throw new IllegalArgumentException(loss + ": " + t.values().length() + " target values for " + rows
                    + " rows of width " + width);
        }
    }
}
