package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.RecurrentKernels;
import io.sparknn.engine.kernel.RecurrentKernels.StepRows;
import io.sparknn.engine.kernel.TensorKernels;

/**
 * What the LSTM and the GRU share: the parameter views of {@link RecurrentSpec}, the sizes, the
 * buffers of h (every step's h, the h before it, the last h, their gradients), and the bookkeeping
 * of carried state. Buffers are batch-first {@code (n, T, width)}, so the rows of one
 * time step are {@code T · width} apart and every matrix product over all steps is one GEMM.
 */
abstract class RecurrentLayer extends Layer implements Recurrent {
    protected final TensorKernels k;
    protected final RecurrentKernels rk;
    protected final int steps;
    protected final int in;
    protected final int hidden;
    /** Gate rows: G·hidden. */
    protected final int gateWidth;

    protected final boolean sequences;
    protected final int wIh;
    protected final int wHh;
    protected final int bIh;
    protected final int bHh;
    protected final int stateSize;
    /** This replica's scratch rows for the step kernels. */
    protected final RecurrentKernels.Workspace ws;

    protected Storage x;
    /** Examples of the last forward pass. */
    protected int n;

    protected boolean wantStateGradient;
    /** (n, T, h): h_t, the output with sequences. */
    protected Storage hs;
    /** (n, T, h): h_{t−1} in slot t, slot 0 the initial state: the right operand of dW_hh. */
    protected Storage hPrev;
    /** (n, h): h of the last step, the output without sequences. */
    private Storage last;
    /** (n, T, h): ∂L/∂h_t. */
    protected Storage dH;
    /** (n, stateSize): ∂L/∂(initial state), when asked for. */
    protected Storage dState;

    /** The layer's synthetic-gradient model, or null. */
    protected final Synthesiser synthesiser;

    protected final double syntheticWeight;
    private boolean injectSynthetic;
    private boolean learnSynthetic;
    /** (n, stateSize): a state gathered into contiguous rows for the synthesiser. */
    private Storage sgState;

    private Storage dx;
    private Storage stateSrc;
    private int stateOff;
    private int stateStride;

    RecurrentLayer(LayerContext ctx, RecurrentSpec spec) {
        super(ctx);
        this.k = TensorKernels.of(ctx.precision());
        this.rk = RecurrentKernels.of(ctx.precision());
        this.steps = ctx.in().dim(0);
        this.in = ctx.in().last();
        this.hidden = spec.hidden();
        this.gateWidth = spec.gates() * hidden;
        this.sequences = spec.returnSequences();
        this.wIh = ctx.paramOffset();
        this.wHh = wIh + gateWidth * in;
        this.bIh = wHh + gateWidth * hidden;
        this.bHh = bIh + gateWidth;
        this.stateSize = spec.lstm() ? 2 * hidden : hidden;
        this.ws = rk.workspace(hidden);
        var sg = spec.synthetic();
        this.synthesiser = sg == null
                ? null
                : new Synthesiser(ctx.precision(), stateSize, sg.hidden(), wIh + spec.cellParamCount(ctx.in()));
        this.syntheticWeight = sg == null ? 0 : sg.weight();
    }

    @Override
    public void syntheticGradients(boolean inject, boolean learn) {
        injectSynthetic = inject && synthesiser != null;
        learnSynthetic = learn && synthesiser != null;
    }

    /** Whether this backward pass computes ∂loss/∂(initial state): asked for, or the synthesiser's target. */
    protected boolean stateGradientWanted() {
        return wantStateGradient || learnSynthetic;
    }

    /**
     * The synthesiser's prediction at the final state (n rows of stateSize, h then c), or null when
     * none is injected in this pass; {@code cFinal} the final c (null for a GRU).
     */
    protected Storage syntheticGradient(StepRows cFinal) {
        if (!injectSynthetic) {
            return null;
        }
        sgState = Storage.atLeast(sgState, ctx.precision(), n * stateSize);
        copyRows(hs, (steps - 1) * hidden, steps * hidden, sgState, 0, stateSize, n, hidden);
        if (cFinal != null) {
            copyRows(cFinal.data(), cFinal.offset(), cFinal.stride(), sgState, hidden, stateSize, n, hidden);
        }
        return synthesiser.predict(ctx.params(), sgState, 0, stateSize, n);
    }

    /** Adds the h part of a synthetic gradient (rows of stateSize) to ∂L/∂h of the last step. */
    protected void injectIntoLastStep(Storage sg) {
        for (int e = 0; e < n; e++) {
            k.add(sg, e * stateSize, dH, (e * steps + steps - 1) * hidden, hidden);
        }
    }

    /**
     * After a backward pass that computed dState: the synthesiser's regression gradient at the
     * initial state ({@code h0} in hPrev slot 0, {@code c0} the initial cell rows for an LSTM).
     */
    protected void learnSynthetic(StepRows cInitial) {
        if (!learnSynthetic) {
            return;
        }
        sgState = Storage.atLeast(sgState, ctx.precision(), n * stateSize);
        copyRows(hPrev, 0, steps * hidden, sgState, 0, stateSize, n, hidden);
        if (cInitial != null) {
            copyRows(cInitial.data(), cInitial.offset(), cInitial.stride(), sgState, hidden, stateSize, n, hidden);
        }
        synthesiser.addGradient(
                ctx.params(), ctx.grads(), sgState, 0, stateSize, dState, 0, stateSize, n, syntheticWeight);
    }

    @Override
    public int stateSize() {
        return stateSize;
    }

    @Override
    public void setInitialState(Storage src, int offset, int stride) {
        if (src != null) {
            checkStateView(src, offset, stride, "initial state");
        }
        stateSrc = src;
        stateOff = offset;
        stateStride = stride;
    }

    @Override
    public void computeInitialStateGradient(boolean on) {
        wantStateGradient = on;
    }

    /** x: (n, T, in); the output: hs with sequences, else h of the last step. */
    @Override
    public final Storage forward(Storage x, int n, ForwardPass pass) {
        this.x = x;
        this.n = n;
        var pr = ctx.precision();
        int stepRows = n * steps;
        hs = Storage.atLeast(hs, pr, stepRows * hidden);
        hPrev = Storage.atLeast(hPrev, pr, stepRows * hidden);
        if (!sequences) {
            last = Storage.atLeast(last, pr, n * hidden);
        }
        forwardSteps(n, ctx.params());
        if (sequences) {
            return hs;
        }
        copyRows(hs, (steps - 1) * hidden, steps * hidden, last, 0, hidden, n, hidden);
        return last;
    }

    /**
     * The cell's pass over all steps of x (n, T, in), with the parameters p: sizes its own buffers,
     * then fills hs (every h_t) and hPrev (h_{t−1} in slot t, slot 0 the initial state).
     */
    protected abstract void forwardSteps(int n, Storage p);

    /** Writes h of the last step; the LSTM adds c after it. */
    @Override
    public void copyFinalState(Storage dst, int offset, int stride) {
        checkDestination(dst, offset, stride, "final state");
        copyRows(hs, (steps - 1) * hidden, steps * hidden, dst, offset, stride, n, hidden);
    }

    @Override
    public final void copyInitialStateGradient(Storage dst, int offset, int stride) {
        if (!wantStateGradient || dState == null) {
            throw new IllegalStateException(ctx.name() + ": no initial-state gradient was computed "
                    + "(call computeInitialStateGradient(true) before backward)");
        }
        checkDestination(dst, offset, stride, "initial-state gradient");
        copyRows(dState, 0, stateSize, dst, offset, stride, n, stateSize);
    }

    /** The carried-in state source, or null for zeros; checked to hold n examples. */
    protected Storage initialState(int n) {
        if (stateSrc != null) {
            checkLength(stateSrc, stateOff, stateStride, n, "initial state");
        }
        return stateSrc;
    }

    protected int initialStateOffset() {
        return stateOff;
    }

    protected int initialStateStride() {
        return stateStride;
    }

    /** Checks a state view for copying the last pass's n examples into it. */
    protected void checkDestination(Storage dst, int offset, int stride, String what) {
        checkStateView(dst, offset, stride, what);
        checkLength(dst, offset, stride, n, what);
    }

    private void checkStateView(Storage s, int offset, int stride, String what) {
        if (s.precision() != ctx.precision()) {
            throw new IllegalArgumentException(
                    ctx.name() + ": " + what + " is " + s.precision() + ", the layer is " + ctx.precision());
        }
        if (offset < 0 || stride < stateSize) {
            throw new IllegalArgumentException(ctx.name() + ": " + what + " needs offset >= 0 and stride >= "
                    + stateSize + ", got offset " + offset + " and stride " + stride);
        }
    }

    private void checkLength(Storage s, int offset, int stride, int count, String what) {
        long need = offset + (long) (count - 1) * stride + stateSize;
        if (count > 0 && s.length() < need) {
            throw new IllegalArgumentException(ctx.name() + ": " + what + " of " + count + " examples needs " + need
                    + " values from its storage, which holds " + s.length());
        }
    }

    /** Time step t's rows in a batch-first buffer (n, T, width): example e's at {@code (e·T + t)·width}. */
    protected StepRows stepRows(Storage s, int t, int width) {
        return new StepRows(s, t * width, steps * width);
    }

    /** Copies {@code rows} rows of {@code width} values between strided views; src null writes zeros. */
    protected static void copyRows(
            Storage src, int srcOff, int srcStride, Storage dst, int dstOff, int dstStride, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            if (src == null) {
                dst.zero(dstOff + r * dstStride, width);
            } else {
                dst.copyFrom(src, srcOff + r * srcStride, dstOff + r * dstStride, width);
            }
        }
    }

    /** Fills dH, ∂L/∂h of every step (n, T, h), with the upstream gradient: zero off the last step without sequences. */
    protected void beginBackward(Storage dy, int n) {
        int stepRow = steps * hidden;
        dH = Storage.atLeast(dH, ctx.precision(), n * stepRow);
        if (sequences) {
            dH.copyFrom(dy, 0, 0, n * stepRow);
        } else {
            dH.zero(0, n * stepRow);
            copyRows(dy, 0, hidden, dH, (steps - 1) * hidden, stepRow, n, hidden);
        }
    }

    /**
     * The parameter gradients common to both cells, from the input-side pre-activation gradients
     * dA (n·T, G·h) and the hidden-side ones dB (the same storage for the LSTM):
     * {@code dW_ih += dAᵀ·x}, {@code dW_hh += dBᵀ·hPrev}, {@code db_ih += Σ dA}, {@code db_hh += Σ dB}.
     */
    protected void addParameterGradients(Storage dA, Storage dB, Storage hPrev, Storage biasSum) {
        int rows = n * steps;
        Storage grads = ctx.grads();
        k.gemm(true, false, gateWidth, in, rows, 1, dA, 0, gateWidth, x, 0, in, 1, grads, wIh, in);
        k.gemm(true, false, gateWidth, hidden, rows, 1, dB, 0, gateWidth, hPrev, 0, hidden, 1, grads, wHh, hidden);
        if (dA == dB) {
            // both biases enter the same sum, so they get the same gradient: one pass over dA
            biasSum.zero(0, gateWidth);
            k.addColumnSums(dA, rows, gateWidth, biasSum, 0);
            k.add(biasSum, 0, grads, bIh, gateWidth);
            k.add(biasSum, 0, grads, bHh, gateWidth);
        } else {
            k.addColumnSums(dA, rows, gateWidth, grads, bIh);
            k.addColumnSums(dB, rows, gateWidth, grads, bHh);
        }
    }

    /** dx (n·T, in) = dA · W_ih, or null when the input needs no gradient. */
    protected Storage inputGradient(Storage dA) {
        if (!ctx.needsInputGradient()) {
            return null;
        }
        int rows = n * steps;
        dx = Storage.atLeast(dx, ctx.precision(), rows * in);
        k.gemm(false, false, rows, in, gateWidth, 1, dA, 0, gateWidth, ctx.params(), wIh, in, 0, dx, 0, in);
        return dx;
    }
}
