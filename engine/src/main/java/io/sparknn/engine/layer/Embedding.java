package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.TensorKernels;

/**
 * See {@link EmbeddingSpec}. x: (n, T) token ids stored as values → y: (n, T, dim), row t of y
 * being row x[t] of weight (vocab, dim). Backward adds each dy row into the weight-gradient row
 * of its token (a scatter-add: a token seen twice gets both). Token ids are not differentiable:
 * when the network asks for an input gradient (a layer before this one, or input gradients in the
 * options) it gets zeros, the derivative of a piecewise-constant lookup. In float32 the ids are
 * exact up to 2^24, the largest vocabulary whose every id a float can hold.
 */
final class Embedding extends Layer {
    private final TensorKernels k;
    private final int vocab;
    private final int dim;
    private final int time;
    private int[] tokens = new int[0];
    private Storage y;
    private Storage dx;

    Embedding(LayerContext ctx, int vocab, int dim) {
        super(ctx);
        this.k = TensorKernels.of(ctx.precision());
        this.vocab = vocab;
        this.dim = dim;
        this.time = ctx.in().dim(0);
    }

    @Override
    public Storage forward(Storage x, int n, ForwardPass pass) {
        int rows = n * time;
        readTokens(x, rows);
        y = Storage.atLeast(y, ctx.precision(), rows * dim);
        int w = ctx.paramOffset();
        for (int r = 0; r < rows; r++) {
            y.copyFrom(ctx.params(), w + tokens[r] * dim, r * dim, dim);
        }
        return y;
    }

    /** Checks and keeps the ids of x: (rows); an error names the layer, the position and the value. */
    private void readTokens(Storage x, int rows) {
        if (tokens.length < rows) {
            tokens = new int[rows];
        }
        for (int r = 0; r < rows; r++) {
            double v = x.get(r);
            int id = (int) v;
            if (id != v || id < 0 || id >= vocab) {
                throw new IllegalArgumentException(ctx.name() + ": token id " + v + " (example " + r / time
                        + ", time step " + r % time + ") is not an integer in [0, " + vocab + ")");
            }
            tokens[r] = id;
        }
    }

    @Override
    public Storage backward(Storage dy, int n) {
        // dy: (rows, dim); dW[token] += dy[row]
        int rows = n * time;
        int w = ctx.paramOffset();
        for (int r = 0; r < rows; r++) {
            k.add(dy, r * dim, ctx.grads(), w + tokens[r] * dim, dim);
        }
        if (!ctx.needsInputGradient()) {
            return null;
        }
        dx = Storage.atLeast(dx, ctx.precision(), rows);
        dx.zero(0, rows);
        return dx;
    }
}
