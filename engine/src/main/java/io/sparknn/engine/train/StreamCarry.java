package io.sparknn.engine.train;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Network;
import io.sparknn.engine.Storage;
import java.io.Serializable;

/**
 * Values of its own that stateful training carries per stream from one window to the next, beside
 * the network's recurrent state: what a synthetic-gradient model predicted at a window's end, to be
 * compared with the true gradient the next window finds. Like the recurrent state it starts at zero
 * with every epoch, travels to a shard with its streams only, and is part of a checkpoint.
 */
public interface StreamCarry extends Serializable {
    /** Values carried per stream. */
    int width();

    /**
     * The carried values after a window, from those before it, on the shard that computed it.
     *
     * @param net     after the window's forward and backward pass
     * @param window  the window of each of the shard's streams (one example per stream)
     * @param state   the streams' recurrent state at the window's end
     * @param carried {@code window.n() × width()} values, row per stream, as the previous window left them
     * @return the same shape, for the next window
     */
    double[] next(Network net, Batch window, Storage state, double[] carried);
}
