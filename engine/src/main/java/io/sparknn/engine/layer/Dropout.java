package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.DropoutKernels;

/**
 * Inverted dropout (see {@link DropoutSpec}): in training y = x ⊙ mask with mask values 0 or
 * 1/(1 − p), and dx = dy ⊙ mask. The mask of example i is a pure function of (pass seed, pass
 * step, layer index, global id {@code ids[idOffset + i]}, element index), so a batch split into
 * shards or threads draws the same masks as the whole batch. At inference, and for p = 0, the
 * layer is the identity and hands its input (and, backward, its upstream gradient) through.
 */
final class Dropout extends Layer {
    private final DropoutKernels k;
    private final double p;
    private final int size;
    private boolean masked;
    private Storage mask;
    private Storage y;
    private Storage dx;
    private Storage ry;

    Dropout(LayerContext ctx, double p) {
        super(ctx);
        this.k = DropoutKernels.of(ctx.precision());
        this.p = p;
        this.size = ctx.in().size();
    }

    @Override
    public Storage forward(Storage x, int n, ForwardPass pass) {
        masked = pass.training() && p > 0;
        if (!masked) {
            return x;
        }
        checkIds(pass, n);
        mask = Storage.atLeast(mask, ctx.precision(), n * size);
        k.fillMask(mask, n, size, p, pass.seed(), pass.step(), ctx.index(), pass.ids(), pass.idOffset());
        y = Storage.atLeast(y, ctx.precision(), n * size);
        k.multiply(x, mask, y, n * size);
        return y;
    }

    private void checkIds(ForwardPass pass, int n) {
        if (pass.ids() == null) {
            throw new IllegalArgumentException(ctx.name() + ": dropout in training needs the global example ids "
                    + "of the batch (Batch.ids), which draw its masks; got none");
        }
        if (pass.idOffset() < 0 || (long) pass.idOffset() + n > pass.ids().length) {
            throw new IllegalArgumentException(ctx.name() + ": " + pass.ids().length + " example ids for examples "
                    + pass.idOffset() + ".." + ((long) pass.idOffset() + n - 1));
        }
    }

    @Override
    public Storage backward(Storage dy, int n) {
        if (!ctx.needsInputGradient()) {
            return null;
        }
        if (!masked) {
            return dy;
        }
        dx = Storage.atLeast(dx, ctx.precision(), n * size);
        k.multiply(dy, mask, dx, n * size);
        return dx;
    }

    /** R(y) = R(x) ⊙ mask, the mask of the forward pass. */
    @Override
    public Storage directional(Storage rx, Storage v, int n) {
        if (rx == null || !masked) {
            return rx;
        }
        ry = Storage.atLeast(ry, ctx.precision(), n * size);
        k.multiply(rx, mask, ry, n * size);
        return ry;
    }

    @Override
    public boolean hasDirectional() {
        return true;
    }
}
