package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.NormKernels;
import io.sparknn.engine.kernel.NormKernels.ChannelStatistics;

/**
 * See {@link BatchNormSpec}. x: (n, c, s) with s = 1 for (n, f) inputs and s = h·w for
 * (n, c, h, w); every channel is normalised over its m = n·s values.
 *
 * <p>Training: xhat = (x − mean) / √(var + eps) with the batch mean and biased variance,
 * y = gamma·xhat + beta; then running_mean ← (1 − momentum)·running_mean + momentum·mean and
 * running_var ← (1 − momentum)·running_var + momentum·var·m/(m − 1) (unbiased, as PyTorch). The
 * backward pass differentiates through the batch mean and variance:
 * dx = gamma/√(var + eps) · (dy − mean(dy) − xhat·mean(dy·xhat)). Inference uses the running
 * statistics, which are constants for the gradient.
 */
final class BatchNorm extends Layer {
    private final NormKernels k;
    private final double eps;
    private final double momentum;
    private final int c;
    private final int s;
    private final ChannelStatistics stats;
    private Storage xhat;
    private Storage y;
    private Storage dx;

    BatchNorm(LayerContext ctx, BatchNormSpec spec) {
        super(ctx);
        this.k = NormKernels.of(ctx.precision());
        this.eps = spec.eps();
        this.momentum = spec.momentum();
        this.c = BatchNormSpec.channels(ctx.in());
        this.s = ctx.in().size() / c;
        this.stats = new ChannelStatistics(c);
    }

    @Override
    public Storage forward(Storage x, int n, ForwardPass pass) {
        stats.fromBatch = pass.training();
        if (stats.fromBatch) {
            batchStatistics(x, n);
        } else {
            runningStatistics();
        }
        for (int ch = 0; ch < c; ch++) {
            stats.invstd[ch] = 1 / Math.sqrt(stats.var[ch] + eps);
        }
        xhat = Storage.atLeast(xhat, ctx.precision(), n * c * s);
        y = Storage.atLeast(y, ctx.precision(), n * c * s);
        k.normalize(x, n, s, stats, ctx.params(), ctx.paramOffset(), xhat, y);
        return y;
    }

    /** Mean and biased variance of this batch into mean/var, and the running-statistics update. */
    private void batchStatistics(Storage x, int n) {
        long m = (long) n * s;
        if (m < 2) {
            throw new IllegalArgumentException(ctx.name() + ": batch norm needs at least 2 examples per shard in "
                    + "training (at least 2 values per channel to estimate a variance), got " + m);
        }
        k.channelMoments(x, n, s, stats);
        Storage b = ctx.buffers();
        int rm = ctx.bufferOffset();
        int rv = rm + c;
        double unbias = (double) m / (m - 1);
        for (int ch = 0; ch < c; ch++) {
            b.set(rm + ch, (1 - momentum) * b.get(rm + ch) + momentum * stats.mean[ch]);
            b.set(rv + ch, (1 - momentum) * b.get(rv + ch) + momentum * stats.var[ch] * unbias);
        }
    }

    private void runningStatistics() {
        Storage b = ctx.buffers();
        int rm = ctx.bufferOffset();
        for (int ch = 0; ch < c; ch++) {
            stats.mean[ch] = b.get(rm + ch);
            stats.var[ch] = b.get(rm + c + ch);
        }
    }

    @Override
    public Storage backward(Storage dy, int n) {
        k.parameterGradients(dy, xhat, n, s, stats, ctx.grads(), ctx.paramOffset());
        if (!ctx.needsInputGradient()) {
            return null;
        }
        dx = Storage.atLeast(dx, ctx.precision(), n * c * s);
        k.inputGradient(dy, xhat, n, s, stats, ctx.params(), ctx.paramOffset(), dx);
        return dx;
    }
}
