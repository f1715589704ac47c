package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.ConvKernels;
import io.sparknn.engine.kernel.TensorKernels;
import io.sparknn.engine.kernel.Window2d;

/**
 * See {@link Conv2dSpec}. im2col + GEMM: a chunk of examples is unfolded into one
 * {@code col (patch, chunk·outArea)} matrix, so each pass is one GEMM per chunk rather than one
 * small GEMM per example; the filters' output lands channel-major and is moved to
 * {@code (n, filters, oh, ow)} while the bias is added. Backward: {@code dW += dY·colᵀ},
 * {@code dcol = Wᵀ·dY}, then col2im folds dcol back onto dx.
 *
 * <p>Chunks hold as many examples as {@link #DEFAULT_COL_BUDGET} allows. The budget is about a core's
 * L2 cache, so im2col writes, the GEMM reads and col2im reads stay in cache; measured on LeNet that beats
 * one batch-wide col, whose GEMMs are larger, even though backward must then unfold each chunk again
 * (keeping every chunk's col for backward measured no faster: writing it out of cache costs forward
 * what backward saves). When the whole batch fits one chunk, backward reuses the forward's col.
 *
 * <p>Where {@link ConvKernels#fusesUnfolding} (float32 on the engine's VectorGemm, no padding), the
 * forward and dW products gather col's values from x inside the GEMM's packing instead: no col is
 * written for them, so backward unfolds nothing again; col then only holds dcol for col2im.
 *
 * <p>Without a bias, the moves between the two layouts are plain copies: forward adds no bias and
 * backward sums none (the kernels' moves fuse those in).
 */
final class Conv2d extends Layer {
    /** Values an im2col buffer may hold before the batch is split into chunks (1 MB in float32). */
    static final int DEFAULT_COL_BUDGET = 1 << 18;

    private final TensorKernels t;
    private final ConvKernels k;
    private final Window2d g;
    private final int filters;
    private final int patch;
    private final int area;
    private final int inSize;
    private final int outSize;
    private final int wOff;
    /** The bias's offset in the parameters, or -1 without a bias. */
    private final int bOff;

    private final int colBudget;
    /** True when the GEMMs gather the unfolded input themselves: no im2col before forward or dW. */
    private final boolean fused;

    private Storage x;
    private Storage col;
    private Storage channelMajor;
    private Storage y;
    private Storage dx;
    /** The R-op's own unfolding and product, so that backward's col and the forward's output stay intact. */
    private Storage rCol;

    private Storage rChannelMajor;
    private Storage ry;
    /** True while col holds the unfolded input of every example of the last forward. */
    private boolean colHoldsBatch;

    Conv2d(LayerContext ctx, Conv2dSpec spec) {
        this(ctx, spec, DEFAULT_COL_BUDGET);
    }

    /** With a smaller budget, tests run the chunked path on small inputs. */
    Conv2d(LayerContext ctx, Conv2dSpec spec, int colBudget) {
        super(ctx);
        this.t = TensorKernels.of(ctx.precision());
        this.k = ConvKernels.of(ctx.precision());
        this.g = Window2d.over(
                ctx.in(), spec.kernelH(), spec.kernelW(), spec.strideH(), spec.strideW(), spec.padH(), spec.padW());
        this.filters = spec.filters();
        this.patch = g.patch();
        this.area = g.outArea();
        this.inSize = g.inSize();
        this.outSize = filters * area;
        this.wOff = ctx.paramOffset();
        this.bOff = spec.bias() ? wOff + filters * patch : -1;
        this.colBudget = colBudget;
        this.fused = k.fusesUnfolding(g);
    }

    /** Examples per chunk: as many as the col budget holds, at least one. */
    private int chunk(int n) {
        long perExample = (long) patch * area;
        return (int) Math.max(1, Math.min(n, colBudget / perExample));
    }

    private void ensureBuffers(int chunk) {
        long colValues = (long) patch * area * chunk;
        long outValues = (long) filters * area * chunk;
        if (colValues > Integer.MAX_VALUE || outValues > Integer.MAX_VALUE) {
            throw new IllegalStateException(
                    ctx.name() + ": one example unfolds to " + colValues + " values, more than an array holds");
        }
        col = Storage.atLeast(col, ctx.precision(), (int) colValues);
        channelMajor = Storage.atLeast(channelMajor, ctx.precision(), (int) outValues);
    }

    @Override
    public Storage forward(Storage x, int n, ForwardPass pass) {
        this.x = x;
        int chunk = chunk(n);
        ensureBuffers(chunk);
        y = Storage.atLeast(y, ctx.precision(), n * outSize);
        for (int from = 0; from < n; from += chunk) {
            int count = Math.min(chunk, n - from);
            // col: (patch, count·area)   W: (filters, patch)   W·col: (filters, count·area)
            if (fused) {
                k.unfoldedProduct(g, filters, ctx.params(), wOff, x, from * inSize, count, channelMajor);
            } else {
                unfoldThenMultiply(ctx.params(), x, from, count, col, 0, channelMajor);
            }
            if (bOff >= 0) {
                k.channelMajorToBatch(channelMajor, filters, area, count, ctx.params(), bOff, y, from * outSize);
            } else {
                move(channelMajor, y, from * outSize, count, true);
            }
        }
        colHoldsBatch = !fused && chunk >= n;
        return y;
    }

    @Override
    public Storage backward(Storage dy, int n) {
        int chunk = chunk(n);
        boolean inputGradient = ctx.needsInputGradient();
        if (inputGradient) {
            dx = Storage.atLeast(dx, ctx.precision(), n * inSize);
        }
        for (int from = 0; from < n; from += chunk) {
            int count = Math.min(chunk, n - from);
            int ld = count * area;
            if (!fused && !colHoldsBatch) {
                k.im2col(g, x, from * inSize, count, col, ld);
            }
            // dY: (filters, count·area)   db += Σ dY over examples and positions (with a bias)
            // dW (filters, patch) += dY·colᵀ
            if (bOff >= 0) {
                k.batchToChannelMajor(dy, from * outSize, filters, area, count, channelMajor, ctx.grads(), bOff);
            } else {
                move(channelMajor, dy, from * outSize, count, false);
            }
            if (fused) {
                k.unfoldedTransposedProduct(g, filters, channelMajor, x, from * inSize, count, ctx.grads(), wOff);
            } else {
                t.gemm(
                        false,
                        true,
                        filters,
                        patch,
                        ld,
                        1,
                        channelMajor,
                        0,
                        ld,
                        col,
                        0,
                        ld,
                        1,
                        ctx.grads(),
                        wOff,
                        patch);
            }
            if (inputGradient) {
                // dcol (patch, count·area) = Wᵀ·dY, written over col, which dW no longer needs
                t.gemm(
                        true,
                        false,
                        patch,
                        ld,
                        filters,
                        1,
                        ctx.params(),
                        wOff,
                        patch,
                        channelMajor,
                        0,
                        ld,
                        0,
                        col,
                        0,
                        ld);
                colHoldsBatch = false;
                k.col2im(g, col, ld, count, dx, from * inSize);
            }
        }
        return inputGradient ? dx : null;
    }

    /**
     * R(y) = conv(x, V) (+ conv(R(x), W)) (+ v_b with a bias), chunk by chunk as forward, through
     * im2col and GEMMs into buffers of its own (the unfolding is never fused here: this is not the
     * training step's hot path).
     */
    @Override
    public Storage directional(Storage rx, Storage v, int n) {
        int chunk = chunk(n);
        long colValues = (long) patch * area * chunk;
        rCol = Storage.atLeast(rCol, ctx.precision(), (int) colValues);
        rChannelMajor = Storage.atLeast(rChannelMajor, ctx.precision(), filters * area * chunk);
        ry = Storage.atLeast(ry, ctx.precision(), n * outSize);
        for (int from = 0; from < n; from += chunk) {
            int count = Math.min(chunk, n - from);
            // R(y) = R(W)·col(x) + W·col(R(x)): the forward pass's product with v, then with R(x)
            unfoldThenMultiply(v, x, from, count, rCol, 0, rChannelMajor);
            if (rx != null) {
                unfoldThenMultiply(ctx.params(), rx, from, count, rCol, 1, rChannelMajor);
            }
            if (bOff >= 0) {
                k.channelMajorToBatch(rChannelMajor, filters, area, count, v, bOff, ry, from * outSize);
            } else {
                move(rChannelMajor, ry, from * outSize, count, true);
            }
        }
        return ry;
    }

    /**
     * {@code out = W·col(in) + beta·out} for examples {@code from…from+count} of {@code in}, the
     * filters {@code W} read at this layer's weight offset in {@code w} (the parameters, or a
     * direction in parameter space).
     */
    // in: (n, inSize)   col: (patch, count·area)   W: (filters, patch)   out: (filters, count·area)
    private void unfoldThenMultiply(Storage w, Storage in, int from, int count, Storage col, int beta, Storage out) {
        int ld = count * area;
        k.im2col(g, in, from * inSize, count, col, ld);
        t.gemm(false, false, filters, ld, patch, 1, w, wOff, patch, col, 0, ld, beta, out, 0, ld);
    }

    @Override
    public boolean hasDirectional() {
        return true;
    }

    /**
     * Without a bias: copies {@code count} examples between channel-major {@code (filters, count·area)}
     * and the batch layout {@code (count, filters, area)} at {@code batchOff}, into the batch when
     * {@code toBatch}, else out of it.
     */
    private void move(Storage channelMajor, Storage batch, int batchOff, int count, boolean toBatch) {
        int ld = count * area;
        for (int e = 0; e < count; e++) {
            for (int c = 0; c < filters; c++) {
                int cm = c * ld + e * area;
                int b = batchOff + (e * filters + c) * area;
                if (toBatch) {
                    batch.copyFrom(channelMajor, cm, b, area);
                } else {
                    channelMajor.copyFrom(batch, b, cm, area);
                }
            }
        }
    }
}
