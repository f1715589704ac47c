package io.sparknn.engine;

import java.util.Arrays;

/**
 * The shape of one example, without the batch dimension: {@code (features)},
 * {@code (channels, height, width)} or {@code (time, features)}. Activations are batch-first,
 * so a batch of n examples of shape {@code (c, h, w)} is stored as {@code (n, c, h, w)} row-major.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** A shape with the given dimensions, each at least 1. */
    public static Shape of(int... dims) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a shape needs at least one dimension");
        }
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has a dimension < 1");
            }
        }
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int i) {
        return dims[i];
    }

    /** The last dimension: features of a dense input, or per time step. */
    public int last() {
        return dims[dims.length - 1];
    }

    /** Number of values in one example. */
    public int size() {
        long s = 1;
        for (int d : dims) {
            s *= d;
        }
        if (s > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + this + " has more than 2^31 values");
        }
        return (int) s;
    }

    /** Values per row when the last dimension is the feature axis (time steps become rows). */
    public int rowsPerExample() {
        return size() / last();
    }

    /** This shape with its last dimension replaced. */
    public Shape withLast(int last) {
        int[] d = dims.clone();
        d[d.length - 1] = last;
        return of(d);
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Parses the text form written by {@link #toString()}: {@code 1x28x28} or {@code 64}. */
    public static Shape parse(String text) {
        String[] parts = text.trim().split("x");
        int[] d = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                d[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a shape: '" + text + "' (expected e.g. 64 or 1x28x28)");
            }
        }
        return of(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                b.append('x');
            }
            b.append(dims[i]);
        }
        return b.toString();
    }
}
