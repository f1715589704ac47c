package io.sparknn.engine.layer;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.TensorKernels;
import java.util.random.RandomGenerator;

/**
 * A synthetic-gradient model (Jaderberg et al. 2016) of a recurrent layer: it maps a window's final
 * state s (rows of {@code size} values, h then c for an LSTM) to a predicted ∂L/∂s, the gradient the
 * rest of the stream would send back across the window's end. Linear, {@code ŝ = W s + b}, or with
 * one hidden ReLU layer, {@code ŝ = W₂ relu(W₁ s + b₁) + b₂}. Its parameters lie at {@code offset} of the
 * network's flat parameters, in that order ({@code W} row-major (size, size), then {@code b}; or
 * {@code W₁} (hidden, size), {@code b₁}, {@code W₂} (size, hidden), {@code b₂}); the output layer is
 * initialised to zero, so a new synthesiser predicts 0 and training starts as plain truncated BPTT.
 *
 * <p>Trained by regression on targets t (the true gradient at the next window's start): the loss of
 * a batch is {@code weight · ½ Σ_rows ‖ŝ − t‖²}, its gradient added to the parameter gradients.
 */
public final class Synthesiser {
    private final TensorKernels k;
    private final Precision precision;
    private final int size;
    /** 0 for the linear model. */
    private final int hidden;

    private final int w1;
    private final int b1;
    private final int w2;
    private final int b2;

    /** (n, hidden) pre-activations, then relu. */
    private Storage a;
    /** (n, size): the prediction, then its error. */
    private Storage out;
    /** (n, hidden): the hidden layer's gradient. */
    private Storage da;

    public Synthesiser(Precision precision, int size, int hidden, int offset) {
        this.k = TensorKernels.of(precision);
        this.precision = precision;
        this.size = size;
        this.hidden = hidden;
        if (hidden == 0) {
            w1 = b1 = -1;
            w2 = offset;
        } else {
            w1 = offset;
            b1 = w1 + hidden * size;
            w2 = b1 + hidden;
        }
        b2 = w2 + size * inner();
    }

    /** Parameters of a synthesiser of a state of {@code size} values (hidden 0: linear). */
    public static int paramCount(int size, int hidden) {
        return hidden == 0
                ? Math.addExact(Math.multiplyExact(size, size), size)
                : Math.addExact(Math.multiplyExact(2 * size, hidden), hidden + size);
    }

    /** The hidden layer U(−1/√size, 1/√size) as PyTorch's {@code nn.Linear}; the output layer zero. */
    public static void initialize(Storage params, int offset, int size, int hidden, RandomGenerator rng) {
        int at = offset;
        if (hidden > 0) {
            double bound = 1 / Math.sqrt(size);
            for (int i = 0; i < hidden * size + hidden; i++) {
                params.set(at++, (2 * rng.nextDouble() - 1) * bound);
            }
        }
        params.zero(at, size * (hidden == 0 ? size : hidden) + size);
    }

    private int inner() {
        return hidden == 0 ? size : hidden;
    }

    /**
     * The predictions for n states, rows {@code s[off + i·stride ...]}, into a storage of this
     * synthesiser's (n rows of {@code size}, valid until the next call).
     */
    public Storage predict(Storage p, Storage s, int off, int stride, int n) {
        out = Storage.atLeast(out, precision, n * size);
        Storage in = s;
        int inOff = off;
        int inStride = stride;
        if (hidden > 0) {
            a = Storage.atLeast(a, precision, n * hidden);
            k.gemm(false, true, n, hidden, size, 1, s, off, stride, p, w1, size, 0, a, 0, hidden);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < hidden; j++) {
                    int at = i * hidden + j;
                    double v = a.get(at) + p.get(b1 + j);
                    a.set(at, v > 0 ? v : 0);
                }
            }
            in = a;
            inOff = 0;
            inStride = hidden;
        }
        int m = inner();
        k.gemm(false, true, n, size, m, 1, in, inOff, inStride, p, w2, m, 0, out, 0, size);
        k.addRowVector(out, n, size, p, b2);
        return out;
    }

    /**
     * Adds the gradient of {@code weight · ½ Σ ‖ŝ(s_i) − t_i‖²} over n rows (states as in
     * {@link #predict}, targets rows {@code t[tOff + i·tStride ...]}, held constant) to {@code g}
     * (the parameters' layout); returns that loss.
     */
    public double addGradient(
            Storage p,
            Storage g,
            Storage s,
            int off,
            int stride,
            Storage t,
            int tOff,
            int tStride,
            int n,
            double weight) {
        Storage e = predict(p, s, off, stride, n);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < size; j++) {
                int at = i * size + j;
                double d = e.get(at) - t.get(tOff + i * tStride + j);
                loss += d * d;
                e.set(at, weight * d);
            }
        }
        int m = inner();
        Storage in = hidden > 0 ? a : s;
        int inOff = hidden > 0 ? 0 : off;
        int inStride = hidden > 0 ? hidden : stride;
        // dW₂ += eᵀ·in, db₂ += Σ e
        k.gemm(true, false, size, m, n, 1, e, 0, size, in, inOff, inStride, 1, g, w2, m);
        k.addColumnSums(e, n, size, g, b2);
        if (hidden > 0) {
            da = Storage.atLeast(da, precision, n * hidden);
            k.gemm(false, false, n, hidden, size, 1, e, 0, size, p, w2, hidden, 0, da, 0, hidden);
            for (int i = 0; i < n * hidden; i++) {
                if (!(a.get(i) > 0)) {
                    da.set(i, 0);
                }
            }
            k.gemm(true, false, hidden, size, n, 1, da, 0, hidden, s, off, stride, 1, g, w1, size);
            k.addColumnSums(da, n, hidden, g, b1);
        }
        return weight * loss / 2;
    }
}
