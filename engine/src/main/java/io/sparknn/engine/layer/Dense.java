package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.TensorKernels;

/**
 * See {@link DenseSpec}. Rows are examples, or examples × time steps. Without a bias, forward adds
 * none and backward sums none.
 */
final class Dense extends Layer {
    private final TensorKernels k;
    private final int in;
    private final int out;
    private final int rowsPerExample;
    private final int wOff;
    /** The bias's offset in the parameters, or -1 without a bias. */
    private final int bOff;

    private Storage x;
    private Storage y;
    private Storage dx;
    private Storage ry;

    Dense(LayerContext ctx, int units, boolean bias) {
        super(ctx);
        this.k = TensorKernels.of(ctx.precision());
        this.in = ctx.in().last();
        this.out = units;
        this.rowsPerExample = ctx.in().rowsPerExample();
        this.wOff = ctx.paramOffset();
        this.bOff = bias ? wOff + out * in : -1;
    }

    @Override
    public Storage forward(Storage x, int n, ForwardPass pass) {
        // x: (rows, in)  W: (out, in)  y: (rows, out) = x · Wᵀ (+ b with a bias)
        int rows = n * rowsPerExample;
        this.x = x;
        y = Storage.atLeast(y, ctx.precision(), rows * out);
        k.gemm(false, true, rows, out, in, 1, x, 0, in, ctx.params(), wOff, in, 0, y, 0, out);
        if (bOff >= 0) {
            k.addRowVector(y, rows, out, ctx.params(), bOff);
        }
        return y;
    }

    @Override
    public Storage backward(Storage dy, int n) {
        // dy: (rows, out)  dW (out, in) += dyᵀ · x   db (out) += Σ_rows dy (with a bias)   dx (rows, in) = dy · W
        int rows = n * rowsPerExample;
        k.gemm(true, false, out, in, rows, 1, dy, 0, out, x, 0, in, 1, ctx.grads(), wOff, in);
        if (bOff >= 0) {
            k.addColumnSums(dy, rows, out, ctx.grads(), bOff);
        }
        if (!ctx.needsInputGradient()) {
            return null;
        }
        dx = Storage.atLeast(dx, ctx.precision(), rows * in);
        k.gemm(false, false, rows, in, out, 1, dy, 0, out, ctx.params(), wOff, in, 0, dx, 0, in);
        return dx;
    }

    @Override
    public Storage directional(Storage rx, Storage v, int n) {
        // R(y) = x · Vᵀ (+ R(x) · Wᵀ) (+ v_b with a bias)
        int rows = n * rowsPerExample;
        ry = Storage.atLeast(ry, ctx.precision(), rows * out);
        k.gemm(false, true, rows, out, in, 1, x, 0, in, v, wOff, in, 0, ry, 0, out);
        if (rx != null) {
            k.gemm(false, true, rows, out, in, 1, rx, 0, in, ctx.params(), wOff, in, 1, ry, 0, out);
        }
        if (bOff >= 0) {
            k.addRowVector(ry, rows, out, v, bOff);
        }
        return ry;
    }

    @Override
    public boolean hasDirectional() {
        return true;
    }
}
