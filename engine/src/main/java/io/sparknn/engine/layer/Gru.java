package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.RecurrentKernels.GruBackward;
import io.sparknn.engine.kernel.RecurrentKernels.GruForward;
import io.sparknn.engine.kernel.RecurrentKernels.StepRows;

/**
 * GRU as PyTorch's {@code nn.GRU} (one layer, batch-first), gates r, z, n:
 * {@code r = σ(W_ir x + b_ir + W_hr h + b_hr)}, {@code z = σ(W_iz x + b_iz + W_hz h + b_hz)},
 * {@code n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn))}, {@code h' = (1 − z)⊙n + z⊙h}.
 * Backpropagation through the window only (see {@link Recurrent}).
 *
 * <p>The input side {@code x·W_ihᵀ} and the hidden side {@code h·W_hhᵀ} are kept apart because r
 * multiplies only the hidden side of n (the step kernel adds the biases); as for the LSTM, the input projection and
 * the weight gradients are one GEMM each over all steps, plus one GEMM per step.
 */
final class Gru extends RecurrentLayer {
    /** (n, T, 3h): input side, then r, z, n after forward, then the input-side gradients after backward. */
    private Storage inSide;
    /** (n, T, 3h): hidden side h·W_hhᵀ (its n part + b_hn kept by forward for dr), then the hidden-side gradients. */
    private Storage hidSide;

    Gru(LayerContext ctx, RecurrentSpec spec) {
        super(ctx, spec);
    }

    /** inSide and hidSide for n examples. */
    private void allocate(int n) {
        var pr = ctx.precision();
        int stepRows = n * steps;
        inSide = Storage.atLeast(inSide, pr, stepRows * gateWidth);
        hidSide = Storage.atLeast(hidSide, pr, stepRows * gateWidth);
    }

    @Override
    protected void forwardSteps(int n, Storage p) {
        allocate(n);
        int h = hidden;
        int gw = gateWidth;
        // the biases are added by the step kernel
        k.gemm(false, true, n * steps, gw, in, 1, x, 0, in, p, wIh, in, 0, inSide, 0, gw);
        Storage src = initialState(n);
        copyRows(src, initialStateOffset(), initialStateStride(), hPrev, 0, steps * h, n, h);
        for (int t = 0; t < steps; t++) {
            if (t > 0 || src != null) {
                // hidSide[:, t] = h_{t−1} · W_hhᵀ
                k.gemm(false, true, n, gw, h, 1, hPrev, t * h, steps * h, p, wHh, h, 0, hidSide, t * gw, steps * gw);
            } else {
                copyRows(null, 0, 0, hidSide, 0, steps * gw, n, gw);
            }
            StepRows next = t + 1 < steps ? stepRows(hPrev, t + 1, h) : null;
            rk.gruForward(
                    ws,
                    n,
                    new GruForward(
                            stepRows(inSide, t, gw),
                            stepRows(hidSide, t, gw),
                            p,
                            bIh,
                            bHh,
                            stepRows(hPrev, t, h),
                            stepRows(hs, t, h),
                            next));
        }
    }

    @Override
    public Storage backward(Storage dy, int n) {
        // dy: (n, T, h) or (n, h)
        int h = hidden;
        int gw = gateWidth;
        beginBackward(dy, n);
        Storage sg = syntheticGradient(null);
        if (sg != null) {
            injectIntoLastStep(sg);
        }
        if (stateGradientWanted()) {
            dState = Storage.atLeast(dState, ctx.precision(), n * h);
            dState.zero(0, n * h);
        }
        Storage wts = ctx.params();
        for (int t = steps - 1; t >= 0; t--) {
            // ∂L/∂h_{t−1} gets dh⊙z here and dhid_t · W_hh below
            Storage prev = t > 0 ? dH : stateGradientWanted() ? dState : null;
            int prevOff = t > 0 ? (t - 1) * h : 0;
            int prevStride = t > 0 ? steps * h : h;
            rk.gruBackward(
                    ws,
                    n,
                    new GruBackward(
                            stepRows(inSide, t, gw),
                            stepRows(hidSide, t, gw),
                            stepRows(hPrev, t, h),
                            stepRows(dH, t, h),
                            prev == null ? null : new StepRows(prev, prevOff, prevStride)));
            if (prev != null) {
                k.gemm(
                        false,
                        false,
                        n,
                        h,
                        gw,
                        1,
                        hidSide,
                        t * gw,
                        steps * gw,
                        wts,
                        wHh,
                        h,
                        1,
                        prev,
                        prevOff,
                        prevStride);
            }
        }
        learnSynthetic(null);
        addParameterGradients(inSide, hidSide, hPrev, null);
        return inputGradient(inSide);
    }
}
