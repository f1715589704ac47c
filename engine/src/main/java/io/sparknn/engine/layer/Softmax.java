package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.ActivationKernels;

/**
 * Softmax over the last dimension (per row of {@code (n·rows, width)}, so per time step on
 * sequences), with the row maximum subtracted first; backward dx = y ⊙ (dy − Σ dy ⊙ y) per row.
 * For classifier training the fused softmax_cross_entropy loss on logits is exact and cheaper.
 */
final class Softmax extends Layer {
    private final ActivationKernels k;
    private final int width;
    private final int rowsPerExample;
    private Storage y;
    private Storage dx;
    private Storage ry;

    Softmax(LayerContext ctx) {
        super(ctx);
        this.k = ActivationKernels.of(ctx.precision());
        this.width = ctx.in().last();
        this.rowsPerExample = ctx.in().rowsPerExample();
    }

    @Override
    public Storage forward(Storage x, int n, ForwardPass pass) {
        int rows = n * rowsPerExample;
        y = Storage.atLeast(y, ctx.precision(), rows * width);
        k.softmaxForward(x, y, rows, width);
        return y;
    }

    @Override
    public Storage backward(Storage dy, int n) {
        if (!ctx.needsInputGradient()) {
            return null;
        }
        dx = jacobianTimes(dy, dx, n);
        return dx;
    }

    /** The Jacobian diag(y) − y·yᵀ of each row is symmetric: R(y) is the backward's product with R(x). */
    @Override
    public Storage directional(Storage rx, Storage v, int n) {
        if (rx == null) {
            return null;
        }
        ry = jacobianTimes(rx, ry, n);
        return ry;
    }

    /** Each row's Jacobian times {@code v}'s row, into {@code out} (grown when too small). */
    private Storage jacobianTimes(Storage v, Storage out, int n) {
        int rows = n * rowsPerExample;
        Storage into = Storage.atLeast(out, ctx.precision(), rows * width);
        k.softmaxBackward(y, v, into, rows, width);
        return into;
    }

    @Override
    public boolean hasDirectional() {
        return true;
    }
}
