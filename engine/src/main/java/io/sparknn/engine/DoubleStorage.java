package io.sparknn.engine;

import java.util.Arrays;

/**
 * {@link Storage} of 64-bit doubles.
 *
 * <p>A Float/Double twin of {@link FloatStorage}, on purpose: the same methods over a {@code
 * double[]} instead of a {@code float[]}. Why two classes: every kernel takes {@link #data} out as
 * a bare primitive array and loops over it, the form C2 unrolls and vectorises. Java has no type
 * over both {@code float[]} and {@code double[]} (generics range over objects only), so one class
 * would hand the kernels an {@code Object} to cast, or a call per element (an accessor, or the
 * lambda a shared loop takes), which C2 stops inlining once a second implementation reaches it:
 * measured 7–24× slower on the activations' backward loops ({@code FloatActivationKernels}, issue
 * 19). Unlike the {@code Float*Kernels} this twin is not generated from the other file, because the
 * conversions mirror each other ({@link #copyFrom(float[], int, int, int)} widens in a loop here
 * and is an arraycopy there; {@link #toFloats} and {@link #toDoubles} likewise). A change to one
 * twin belongs in the other.
 */
public final class DoubleStorage extends Storage {
    /** The values; kernels read and write it directly. */
    public final double[] data;

    public DoubleStorage(double[] data) {
        this.data = data;
    }

    /** The array behind {@code s}, which must be a {@code DoubleStorage}: what the double kernels compute on. */
    public static double[] arrayOf(Storage s) {
        return ((DoubleStorage) s).data;
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT64;
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
        data[i] = v;
    }

    @Override
    public void zero(int offset, int count) {
        Arrays.fill(data, offset, offset + count, 0d);
    }

    @Override
    public void copyFrom(double[] src, int srcOffset, int offset, int count) {
        System.arraycopy(src, srcOffset, data, offset, count);
    }

    @Override
    public void copyFrom(float[] src, int srcOffset, int offset, int count) {
        for (int i = 0; i < count; i++) {
            data[offset + i] = src[srcOffset + i];
        }
    }

    @Override
    public void copyFrom(Storage src, int srcOffset, int offset, int count) {
        System.arraycopy(((DoubleStorage) src).data, srcOffset, data, offset, count);
    }

    @Override
    public double[] toDoubles(int offset, int count) {
        return Arrays.copyOfRange(data, offset, offset + count);
    }

    @Override
    public float[] toFloats(int offset, int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) data[offset + i];
        }
        return out;
    }

    @Override
    public Storage copy() {
        return new DoubleStorage(data.clone());
    }
}
