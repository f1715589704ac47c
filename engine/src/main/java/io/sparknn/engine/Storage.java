package io.sparknn.engine;

/**
 * A flat array of {@link Precision} values: parameters, gradients, activations. Layers hold
 * views (this storage plus an offset) into a network's flat parameter and gradient storages.
 * Element access through {@link #get}/{@link #set} is for tests and cold paths; kernels take the
 * primitive array.
 */
public abstract sealed class Storage permits FloatStorage, DoubleStorage {

    /** A zeroed storage of the given precision and length. */
    public static Storage allocate(Precision precision, int length) {
        return precision == Precision.FLOAT32
                ? new FloatStorage(new float[length])
                : new DoubleStorage(new double[length]);
    }

    /** {@code s} if it holds at least {@code length} values, else a new zeroed storage of that length. */
    public static Storage atLeast(Storage s, Precision precision, int length) {
        return s != null && s.length() >= length ? s : allocate(precision, length);
    }

    /** A storage holding the given values converted to {@code precision}. */
    public static Storage of(Precision precision, double... values) {
        Storage s = allocate(precision, values.length);
        s.copyFrom(values, 0, 0, values.length);
        return s;
    }

    public abstract Precision precision();

    public abstract int length();

    public abstract double get(int i);

    public abstract void set(int i, double v);

    /** Sets {@code count} values from {@code offset} to zero. */
    public abstract void zero(int offset, int count);

    /** Copies {@code count} values of {@code src} (from {@code srcOffset}) into this storage at {@code offset}. */
    public abstract void copyFrom(double[] src, int srcOffset, int offset, int count);

    /** Copies {@code count} float values into this storage at {@code offset}, converting if needed. */
    public abstract void copyFrom(float[] src, int srcOffset, int offset, int count);

    /** Copies {@code count} values of another storage of the same precision. */
    public abstract void copyFrom(Storage src, int srcOffset, int offset, int count);

    /** Values {@code [offset, offset + count)} as doubles. */
    public abstract double[] toDoubles(int offset, int count);

    /** Values {@code [offset, offset + count)} as floats (rounded for FLOAT64). */
    public abstract float[] toFloats(int offset, int count);

    public double[] toDoubles() {
        return toDoubles(0, length());
    }

    /** An independent copy. */
    public abstract Storage copy();
}
