package io.sparknn.engine;

import java.util.Arrays;

/**
 * {@link Storage} of 32-bit floats.
 *
 * <p>A Float/Double kernel twin of {@link DoubleStorage}, on purpose: line for line the same methods
 * over a {@code float[]} instead of a {@code double[]}. Java generics do not range over primitive types, and
 * the kernels need the bare primitive array ({@link #data}) to run without boxing or a branch per
 * element; one class over both arrays would need exactly that. A change to one twin belongs in the
 * other.
 */
public final class FloatStorage extends Storage {
    /** The values; kernels read and write it directly. */
    public final float[] data;

    public FloatStorage(float[] data) {
        this.data = data;
    }

    /** The array behind {@code s}, which must be a {@code FloatStorage}: what the float kernels compute on. */
    public static float[] arrayOf(Storage s) {
        return ((FloatStorage) s).data;
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT32;
    }

    @Override
    public int length() {
        return data.length;
    }

    @Override
    public double get(int i) {
        return data[i];
    }

    @Override
    public void set(int i, double v) {
        data[i] = (float) v;
    }

    @Override
    public void zero(int offset, int count) {
        Arrays.fill(data, offset, offset + count, 0f);
    }

    @Override
    public void copyFrom(double[] src, int srcOffset, int offset, int count) {
        for (int i = 0; i < count; i++) {
            data[offset + i] = (float) src[srcOffset + i];
        }
    }

    @Override
    public void copyFrom(float[] src, int srcOffset, int offset, int count) {
        System.arraycopy(src, srcOffset, data, offset, count);
    }

    @Override
    public void copyFrom(Storage src, int srcOffset, int offset, int count) {
        System.arraycopy(((FloatStorage) src).data, srcOffset, data, offset, count);
    }

    @Override
    public double[] toDoubles(int offset, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = data[offset + i];
        }
        return out;
    }

    @Override
    public float[] toFloats(int offset, int count) {
        return Arrays.copyOfRange(data, offset, offset + count);
    }

    @Override
    public Storage copy() {
        return new FloatStorage(data.clone());
    }
}
