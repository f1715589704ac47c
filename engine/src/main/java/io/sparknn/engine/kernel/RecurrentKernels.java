package io.sparknn.engine.kernel;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/**
 * The element-wise part of one time step of an LSTM or GRU over {@code n} examples, in PyTorch's
 * gate order; the matrix products around it are {@link TensorKernels#gemm} calls made by the
 * layer. Every buffer of a step is given as {@link StepRows}, and each kernel takes one record
 * naming its buffers. Unchecked. The float64 twin is generated from {@link FloatRecurrentKernels}.
 */
public interface RecurrentKernels {

    static RecurrentKernels of(Precision p) {
        return p == Precision.FLOAT32 ? FloatRecurrentKernels.INSTANCE : DoubleRecurrentKernels.INSTANCE;
    }

    /** Scratch rows for the step kernels: one per layer replica, never shared between threads. */
    interface Workspace {
        /** The cells' width h, which every row of a step has (gate rows: G·h). */
        int hidden();
    }

    /** A workspace for cells of {@code hidden} units. */
    Workspace workspace(int hidden);

    /**
     * One time step's rows in a buffer: example e's row starts at {@code offset + e · stride}, so a
     * step works on one time slice of a batch-first {@code (n, T, width)} buffer in place.
     */
    record StepRows(Storage data, int offset, int stride) {
        /** Where example e's row starts. */
        public int row(int e) {
            return offset + e * stride;
        }
    }

    /**
     * The buffers of one LSTM step forward. On entry gates (4h per example) holds the pre-activations
     * of i, f, g, o less the bias (4h at biasOff: b_ih + b_hh); on exit their activations σ, σ, tanh,
     * σ. Then {@code c = f⊙cPrev + i⊙g}, {@code tanhC = tanh(c)}, {@code h = o⊙tanhC}, h also
     * written to hCopy unless it is null.
     */
    record LstmForward(
            StepRows gates,
            Storage bias,
            int biasOff,
            StepRows cPrev,
            StepRows c,
            StepRows tanhC,
            StepRows h,
            StepRows hCopy) {}

    /** LSTM step forward over n examples, as {@link LstmForward} says. */
    void lstmForward(Workspace ws, int n, LstmForward step);

    /**
     * The buffers of one LSTM step backward. gates holds the step's activations (i, f, g, o), dh the
     * full ∂L/∂h of the step and dc (n, h, contiguous) ∂L/∂c reaching the step from the next one. On
     * exit gates holds ∂L/∂ of the four pre-activations and dc holds ∂L/∂cPrev:
     * {@code dc' = dc + dh⊙o⊙(1 − tanhC²)}, {@code di = dc'⊙g}, {@code df = dc'⊙cPrev},
     * {@code dg = dc'⊙i}, {@code do = dh⊙tanhC}, each times its activation's derivative;
     * {@code dcPrev = dc'⊙f}.
     */
    record LstmBackward(StepRows gates, StepRows cPrev, StepRows tanhC, StepRows dh, Storage dc) {}

    /** LSTM step backward over n examples, as {@link LstmBackward} says. */
    void lstmBackward(Workspace ws, int n, LstmBackward step);

    /**
     * The buffers of one GRU step forward. a (3h per example) holds the input side {@code W_i· x}
     * and b the hidden side {@code W_h· hPrev} of r, z, n; the biases b_ih and b_hh (3h each) are
     * read from bias. On exit a holds r, z and the candidate n, and b's n part holds
     * {@code W_hn hPrev + b_hn}: {@code r = σ(a_r + b_ir + b_r + b_hr)},
     * {@code z = σ(a_z + b_iz + b_z + b_hz)}, {@code n = tanh(a_n + b_in + r⊙(b_n + b_hn))},
     * {@code h = (1 − z)⊙n + z⊙hPrev}, h also written to hCopy unless it is null.
     */
    record GruForward(
            StepRows a, StepRows b, Storage bias, int bIhOff, int bHhOff, StepRows hPrev, StepRows h, StepRows hCopy) {}

    /** GRU step forward over n examples, as {@link GruForward} says. */
    void gruForward(Workspace ws, int n, GruForward step);

    /**
     * The buffers of one GRU step backward. a holds the step's r, z, n; b's n part
     * {@code W_hn hPrev + b_hn}; dh the full ∂L/∂h of the step. On exit a holds ∂L/∂ of the
     * input-side pre-activations {@code (dr, dz, dn)} and b those of the hidden side
     * {@code (dr, dz, dn⊙r)}, where {@code dn = dh⊙(1 − z)⊙(1 − n²)},
     * {@code dz = dh⊙(hPrev − n)⊙z(1 − z)}, {@code dr = dn⊙b_n⊙r(1 − r)}. Unless dhPrev is null,
     * the direct part {@code dh⊙z} is <em>added</em> into it; the part through W_hh is the
     * caller's matrix product.
     */
    record GruBackward(StepRows a, StepRows b, StepRows hPrev, StepRows dh, StepRows dhPrev) {}

    /** GRU step backward over n examples, as {@link GruBackward} says. */
    void gruBackward(Workspace ws, int n, GruBackward step);
}
