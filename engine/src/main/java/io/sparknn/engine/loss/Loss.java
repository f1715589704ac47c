package io.sparknn.engine.loss;

import io.sparknn.engine.Storage;

/**
 * A loss over output rows {@code (rows, width)}. It returns the <em>sum</em> over what it counts
 * (see {@link #count}), so shards can be combined and divided once; the mean is sum / count.
 */
public interface Loss {

    /**
     * Loss sum of rows {@code [0, rows)} of {@code out} against target rows
     * {@code [row0, row0 + rows)}, and {@code dOut = ∂sum/∂out} when {@code dOut} is not null.
     */
    double sum(Storage out, int rows, int width, Targets targets, int row0, Storage dOut);

    /**
     * Right predictions of rows {@code [0, rows)} of {@code out} against target rows
     * {@code [row0, row0 + rows)}, counted as evaluation counts them
     * ({@link io.sparknn.engine.eval.Evaluator}), out of {@link #count}: one decision per row for
     * class labels (the first maximum on ties), one per value for binary cross-entropy;
     * {@link io.sparknn.engine.LossResult#NO_ACCURACY} when this loss with these targets has no
     * accuracy (squared error, probability targets). Reads {@code out} only; call it before a
     * kernel that may overwrite it.
     */
    long correct(Storage out, int rows, int width, Targets targets, int row0);

    /** The count the sum is over for {@code rows} rows of {@code width}: rows for classification losses. */
    long count(int rows, int width);

    /**
     * {@code hv = H·v} for rows {@code [0, rows)} of {@code out} against target rows
     * {@code [row0, row0 + rows)}: H the Hessian of the loss sum in the outputs, block-diagonal by
     * row and positive semi-definite for every loss here, the H_L of a Gauss-Newton product
     * Jᵀ·H_L·J·v. {@code v} and {@code hv} are {@code (rows, width)}.
     */
    void hessianVector(Storage out, int rows, int width, Targets targets, int row0, Storage v, Storage hv);

    /** Checks the targets fit this loss and output width; the message names the first bad row. */
    void checkTargets(Targets targets, int rows, int width);
}
