package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.RecurrentKernels.LstmBackward;
import io.sparknn.engine.kernel.RecurrentKernels.LstmForward;
import io.sparknn.engine.kernel.RecurrentKernels.StepRows;

/**
 * LSTM as PyTorch's {@code nn.LSTM} (one layer, batch-first), gates i, f, g, o:
 * {@code [i f g o] = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh}; i, f, o through σ, g through tanh;
 * {@code c' = f⊙c + i⊙g}, {@code h' = o⊙tanh(c')}. Backpropagation through the window only
 * (see {@link Recurrent}).
 *
 * <p>Cost: the input projection of all steps is one GEMM {@code (n·T, in)·W_ihᵀ}, each step one
 * GEMM {@code (n, h)·W_hhᵀ}, and the weight gradients are one GEMM each over all n·T rows.
 * Buffers are reused: nothing is allocated once n stops growing.
 */
final class Lstm extends RecurrentLayer {
    /** (n, T, 4h): pre-activations, then activations after forward, then their gradients after backward. */
    private Storage gates;
    /** (n, T + 1, h): c_{t−1} in slot t, slot 0 the initial cell state. */
    private Storage cells;
    /** (n, T, h): tanh(c_t). */
    private Storage tanhCells;

    private Storage dc;
    private Storage biasSum;
    /** (4h): b_ih + b_hh. */
    private Storage gateBias;

    Lstm(LayerContext ctx, RecurrentSpec spec) {
        super(ctx, spec);
    }

    @Override
    protected void forwardSteps(int n, Storage p) {
        allocate(n);
        int h = hidden;
        int gw = gateWidth;
        // the biases are added by the step kernel, saving a pass over the (n, T, 4h) gates
        gateBias.copyFrom(p, bIh, 0, gw);
        k.add(p, bHh, gateBias, 0, gw);
        k.gemm(false, true, n * steps, gw, in, 1, x, 0, in, p, wIh, in, 0, gates, 0, gw);
        boolean zeroStart = loadInitialState(n);
        for (int t = 0; t < steps; t++) {
            if (t > 0 || !zeroStart) {
                // gates[:, t] += h_{t−1} · W_hhᵀ
                k.gemm(false, true, n, gw, h, 1, hPrev, t * h, steps * h, p, wHh, h, 1, gates, t * gw, steps * gw);
            }
            StepRows next = t + 1 < steps ? stepRows(hPrev, t + 1, h) : null;
            rk.lstmForward(
                    ws,
                    n,
                    new LstmForward(
                            stepRows(gates, t, gw),
                            gateBias,
                            0,
                            cellRows(t),
                            cellRows(t + 1),
                            stepRows(tanhCells, t, h),
                            stepRows(hs, t, h),
                            next));
        }
    }

    /** Slot {@code slot} of cells (n, T + 1, h): c_{slot−1}, slot 0 the initial cell state. */
    private StepRows cellRows(int slot) {
        return new StepRows(cells, slot * hidden, (steps + 1) * hidden);
    }

    private void allocate(int n) {
        var pr = ctx.precision();
        int stepRows = n * steps;
        gates = Storage.atLeast(gates, pr, stepRows * gateWidth);
        gateBias = Storage.atLeast(gateBias, pr, gateWidth);
        cells = Storage.atLeast(cells, pr, n * (steps + 1) * hidden);
        tanhCells = Storage.atLeast(tanhCells, pr, stepRows * hidden);
    }

    /** h0 into hPrev slot 0 and c0 into cells slot 0; true if both are zero (no carried state). */
    private boolean loadInitialState(int n) {
        Storage src = initialState(n);
        int off = initialStateOffset();
        int stride = initialStateStride();
        copyRows(src, off, stride, hPrev, 0, steps * hidden, n, hidden);
        copyRows(src, off + hidden, stride, cells, 0, (steps + 1) * hidden, n, hidden);
        return src == null;
    }

    @Override
    public Storage backward(Storage dy, int n) {
        // dy: (n, T, h) or (n, h)
        int h = hidden;
        int gw = gateWidth;
        var pr = ctx.precision();
        beginBackward(dy, n);
        dc = Storage.atLeast(dc, pr, n * h);
        biasSum = Storage.atLeast(biasSum, pr, gw);
        Storage sg = syntheticGradient(cellRows(steps));
        if (sg == null) {
            dc.zero(0, n * h);
        } else {
            // the gradient the rest of the stream would send: h's part to the last step, c's as the first dc
            injectIntoLastStep(sg);
            copyRows(sg, h, stateSize, dc, 0, h, n, h);
        }
        Storage wts = ctx.params();
        for (int t = steps - 1; t >= 0; t--) {
            rk.lstmBackward(
                    ws,
                    n,
                    new LstmBackward(
                            stepRows(gates, t, gw), cellRows(t), stepRows(tanhCells, t, h), stepRows(dH, t, h), dc));
            if (t > 0) {
                // ∂L/∂h_{t−1} += dgates_t · W_hh
                k.gemm(
                        false,
                        false,
                        n,
                        h,
                        gw,
                        1,
                        gates,
                        t * gw,
                        steps * gw,
                        wts,
                        wHh,
                        h,
                        1,
                        dH,
                        (t - 1) * h,
                        steps * h);
            }
        }
        if (stateGradientWanted()) {
            dState = Storage.atLeast(dState, pr, n * 2 * h);
            k.gemm(false, false, n, h, gw, 1, gates, 0, steps * gw, wts, wHh, h, 0, dState, 0, 2 * h);
            copyRows(dc, 0, h, dState, h, 2 * h, n, h);
        }
        learnSynthetic(cellRows(0));
        addParameterGradients(gates, gates, hPrev, biasSum);
        return inputGradient(gates);
    }

    @Override
    public void copyFinalState(Storage dst, int offset, int stride) {
        super.copyFinalState(dst, offset, stride);
        copyRows(cells, steps * hidden, (steps + 1) * hidden, dst, offset + hidden, stride, n, hidden);
    }
}
