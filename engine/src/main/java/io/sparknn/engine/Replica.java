package io.sparknn.engine;

import io.sparknn.engine.layer.ForwardPass;
import io.sparknn.engine.layer.Layer;
import io.sparknn.engine.layer.Recurrent;
import io.sparknn.engine.loss.Loss;

/**
 * One copy of a {@link Network}'s layers with its own activations and gradient storage: the forward
 * pass (carrying recurrent state when given some) and the backward pass over a chunk of a batch.
 * Every copy reads the network's one parameter and buffer storage; each writes its own gradients.
 */
final class Replica {
    private final Precision precision;
    private final boolean inputGradients;
    private final Layer[] layers;
    private final Storage grads;
    private final Loss loss;
    private final int inSize;
    private final int outWidth;
    private final int outRowsPerExample;
    private Storage input;
    private Storage dOut;
    private Storage hOut;
    /** Carried state of the whole batch (rows by example), or null for zero initial states. */
    private Storage state;

    /** The layers of {@code spec} over the parameters and buffers, their gradients into {@code grads}. */
    Replica(NetworkSpec spec, Network.Options options, Storage params, Storage grads, Storage buffers) {
        this.precision = options.precision();
        this.inputGradients = options.inputGradients();
        this.grads = grads;
        this.loss = spec.loss().create(precision);
        this.inSize = spec.input().size();
        Shape out = spec.output();
        this.outWidth = out.last();
        this.outRowsPerExample = out.rowsPerExample();
        this.layers = spec.createLayers(precision, params, grads, buffers, inputGradients);
    }

    Storage grads() {
        return grads;
    }

    Loss loss() {
        return loss;
    }

    /** Carried state for the next passes (see {@link Network#stateSize()}), or null for zero initial states. */
    void carry(Storage state) {
        this.state = state;
    }

    /** What the recurrent layers' synthesisers do in the next backward passes (see {@link Recurrent#syntheticGradients}). */
    void syntheticGradients(boolean inject, boolean learn) {
        for (Layer l : layers) {
            if (l instanceof Recurrent r) {
                r.syntheticGradients(inject, learn);
            }
        }
    }

    /** The sum of {@link Recurrent#stateSize()} over the recurrent layers (see {@link Network#stateSize()}). */
    int stateSize() {
        int size = 0;
        for (Layer l : layers) {
            if (l instanceof Recurrent r) {
                size += r.stateSize();
            }
        }
        return size;
    }

    /** The outputs of examples [from, from + n) of x. */
    Storage forward(Storage x, int from, int n, ForwardPass pass) {
        Storage h = x;
        if (from != 0) {
            input = Storage.atLeast(input, precision, n * inSize);
            input.copyFrom(x, from * inSize, 0, n * inSize);
            h = input;
        }
        if (state == null) {
            for (Layer l : layers) {
                h = l.forward(h, n, pass);
            }
            return h;
        }
        return forwardCarrying(h, from, n, pass);
    }

    /** Forward with each recurrent layer reading and then overwriting rows [from, from + n) of the state. */
    private Storage forwardCarrying(Storage h, int from, int n, ForwardPass pass) {
        int stride = stateSize();
        int off = 0;
        for (Layer l : layers) {
            if (l instanceof Recurrent r) {
                int at = from * stride + off;
                r.setInitialState(state, at, stride);
                try {
                    h = l.forward(h, n, pass);
                } finally {
                    r.setInitialState(null, 0, 0);
                }
                r.copyFinalState(state, at, stride);
                off += r.stateSize();
            } else {
                h = l.forward(h, n, pass);
            }
        }
        return h;
    }

    /**
     * Loss sum, count and right predictions of examples [from, from + n); their gradient sums into
     * this replica's storage, and (when the options ask for input gradients) ∂loss/∂input into
     * their rows of {@code inputGrad}.
     */
    LossResult run(Batch b, int from, int n, Storage inputGrad) {
        grads.zero(0, grads.length());
        ForwardPass pass = new ForwardPass(true, b.seed(), b.step(), b.ids(), from);
        Storage y = forward(b.x(), from, n, pass);
        int rows = n * outRowsPerExample;
        // counted from the outputs of this pass, before anything may overwrite them
        long correct = loss.correct(y, rows, outWidth, b.targets(), from * outRowsPerExample);
        dOut = Storage.atLeast(dOut, precision, rows * outWidth);
        double sum = loss.sum(y, rows, outWidth, b.targets(), from * outRowsPerExample, dOut);
        Storage g = dOut;
        for (int i = layers.length - 1; i >= 0; i--) {
            g = layers[i].backward(g, n);
        }
        if (inputGradients) {
            inputGrad.copyFrom(g, 0, from * inSize, n * inSize);
        }
        return new LossResult(sum, loss.count(rows, outWidth), correct);
    }

    /**
     * The Gauss-Newton-vector product of examples [from, from + n): Σ_i J_iᵀ·H_i·J_i·v into this
     * replica's gradient storage, J_i the Jacobian of example i's outputs in the parameters (by the
     * layers' R-ops over the training-mode forward pass, dropout masks included) and H_i the
     * Hessian of its loss in the outputs; then back through the same backward pass as the gradient.
     * Returns the loss sum, count and right predictions of that forward pass.
     */
    LossResult gaussNewton(Batch b, int from, int n, Storage v) {
        grads.zero(0, grads.length());
        ForwardPass pass = new ForwardPass(true, b.seed(), b.step(), b.ids(), from);
        Storage y = forward(b.x(), from, n, pass);
        int rows = n * outRowsPerExample;
        int row0 = from * outRowsPerExample;
        long correct = loss.correct(y, rows, outWidth, b.targets(), row0);
        double sum = loss.sum(y, rows, outWidth, b.targets(), row0, null);
        Storage r = null;
        for (Layer l : layers) {
            r = l.directional(r, v, n);
        }
        hOut = Storage.atLeast(hOut, precision, rows * outWidth);
        if (r == null) {
            hOut.zero(0, rows * outWidth);
        } else {
            loss.hessianVector(y, rows, outWidth, b.targets(), row0, r, hOut);
        }
        Storage g = hOut;
        for (int i = layers.length - 1; i >= 0; i--) {
            g = layers[i].backward(g, n);
        }
        return new LossResult(sum, loss.count(rows, outWidth), correct);
    }

    /**
     * R(outputs) of examples [from, from + n) in direction v: the forward pass in training mode,
     * then every layer's R-op (for tests of the R-ops against finite differences). Null when zero.
     */
    Storage directional(Batch b, int from, int n, Storage v) {
        forward(b.x(), from, n, new ForwardPass(true, b.seed(), b.step(), b.ids(), from));
        Storage r = null;
        for (Layer l : layers) {
            r = l.directional(r, v, n);
        }
        return r;
    }

    /** The training-mode outputs of examples [from, from + n) (for finite differences). */
    Storage trainingForward(Batch b, int from, int n) {
        return forward(b.x(), from, n, new ForwardPass(true, b.seed(), b.step(), b.ids(), from));
    }
}
