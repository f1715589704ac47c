package io.sparknn.engine.kernel;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/**
 * The element-wise part of one time step of an LSTM or GRU over {@code n} examples, in PyTorch's
 * gate order; the matrix products around it are {@link TensorKernels#gemm} calls made by the
 * layer. Every per-example row is addressed as {@code offset + example · stride}, so a step works
 * on one time slice of batch-first {@code (n, T, width)} buffers in place. Unchecked. The float64
 * twin is generated from {@link FloatRecurrentKernels}.
 */
public interface RecurrentKernels {

    static RecurrentKernels of(Precision p) {
        return p == Precision.FLOAT32 ? FloatRecurrentKernels.INSTANCE : DoubleRecurrentKernels.INSTANCE;
    }

    /** Scratch rows for the step kernels: one per layer replica, never shared between threads. */
    interface Workspace {}

    /** A workspace for cells of {@code hidden} units. */
    Workspace workspace(int hidden);

    /**
     * LSTM step forward. On entry g (4h per example) holds the pre-activations of i, f, g, o less
     * the bias (4h at biasOff: b_ih + b_hh); on exit their activations σ, σ, tanh, σ. Then
     * {@code c = f⊙cPrev + i⊙g}, {@code tc = tanh(c)}, {@code h = o⊙tc}, h also written to hCopy
     * unless it is null.
     *
     * @param cStride  row stride of cPrev and c (both in c)
     * @param hStride  row stride of tc, h and hCopy
     */
    void lstmForward(
            Workspace ws,
            int n,
            int hidden,
            Storage g,
            int gOff,
            int gStride,
            Storage bias,
            int biasOff,
            Storage c,
            int cPrevOff,
            int cOff,
            int cStride,
            Storage tc,
            int tcOff,
            Storage h,
            int hOff,
            Storage hCopy,
            int hCopyOff,
            int hStride);

    /**
     * LSTM step backward. g holds the step's activations (i, f, g, o), dh the full ∂L/∂h of the step
     * and dc (n, h, contiguous) ∂L/∂c reaching the step from the next one. On exit g holds ∂L/∂ of the
     * four pre-activations and dc holds ∂L/∂cPrev:
     * {@code dc' = dc + dh⊙o⊙(1 − tc²)}, {@code di = dc'⊙g}, {@code df = dc'⊙cPrev},
     * {@code dg = dc'⊙i}, {@code do = dh⊙tc}, each times its activation's derivative; {@code dcPrev = dc'⊙f}.
     */
    void lstmBackward(
            Workspace ws,
            int n,
            int hidden,
            Storage g,
            int gOff,
            int gStride,
            Storage c,
            int cPrevOff,
            int cStride,
            Storage tc,
            int tcOff,
            Storage dh,
            int dhOff,
            int hStride,
            Storage dc);

    /**
     * GRU step forward. a (3h per example) holds the input side {@code W_i· x} and b the hidden side
     * {@code W_h· hPrev} of r, z, n; the biases b_ih and b_hh (3h each) are read from bias. On exit
     * a holds r, z and the candidate n, and b's n part holds {@code W_hn hPrev + b_hn}:
     * {@code r = σ(a_r + b_ir + b_r + b_hr)}, {@code z = σ(a_z + b_iz + b_z + b_hz)},
     * {@code n = tanh(a_n + b_in + r⊙(b_n + b_hn))},
     * {@code h = (1 − z)⊙n + z⊙hPrev}, h also written to hCopy unless it is null.
     *
     * @param gStride  row stride of a and b
     * @param hStride  row stride of hPrev, h and hCopy
     */
    void gruForward(
            Workspace ws,
            int n,
            int hidden,
            Storage a,
            int aOff,
            Storage b,
            int bOff,
            int gStride,
            Storage bias,
            int bIhOff,
            int bHhOff,
            Storage hPrev,
            int hPrevOff,
            Storage h,
            int hOff,
            Storage hCopy,
            int hCopyOff,
            int hStride);

    /**
     * GRU step backward. a holds the step's r, z, n; b's n part {@code W_hn hPrev + b_hn}; dh the full
     * ∂L/∂h of the step. On exit a holds ∂L/∂ of the input-side pre-activations
     * {@code (dr, dz, dn)} and b those of the hidden side {@code (dr, dz, dn⊙r)}, where
     * {@code dn = dh⊙(1 − z)⊙(1 − n²)}, {@code dz = dh⊙(hPrev − n)⊙z(1 − z)},
     * {@code dr = dn⊙b_n⊙r(1 − r)}. Unless dhPrev is null, the direct part {@code dh⊙z} is
     * <em>added</em> into it (rows of width h at {@code dhPrevOff + example · dhPrevStride}); the part
     * through W_hh is the caller's matrix product.
     */
    void gruBackward(
            Workspace ws,
            int n,
            int hidden,
            Storage a,
            int aOff,
            Storage b,
            int bOff,
            int gStride,
            Storage hPrev,
            int hPrevOff,
            Storage dh,
            int dhOff,
            int hStride,
            Storage dhPrev,
            int dhPrevOff,
            int dhPrevStride);
}
