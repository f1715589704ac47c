package io.sparknn.engine.layer;

import io.sparknn.engine.Storage;

/**
 * A layer with state carried along time: LSTM {@code (h, c)}, GRU {@code h}. By default every
 * forward pass starts each example from a zero state. To continue streams across consecutive
 * windows (truncated backpropagation through time), point the layer at a state storage with
 * {@link #setInitialState} once and, after each forward pass, write the final state back into the
 * same place with {@link #copyFinalState}: the next window then starts where the last one ended.
 *
 * <p>State of example i (row i of the pass) lives at {@code offset + i · stride}, {@link #stateSize()}
 * values: {@code h} then, for an LSTM, {@code c}. A stride larger than the state size lets one row
 * per stream hold the states of several layers side by side. Storages must have the layer's precision.
 *
 * <p>The carried-in state is a constant of the window: no gradient reaches the previous window, and
 * the parameter gradients are those of the window alone. For checks, ∂loss/∂(initial state) can be
 * computed on request.
 */
public interface Recurrent {

    /** Values per example: {@code 2·hidden} for an LSTM (h, c), {@code hidden} for a GRU. */
    int stateSize();

    /**
     * Every following forward pass reads (copies) the initial state of example i from
     * {@code src[offset + i·stride ...]}; {@code null} restores zero initial states. The storage is
     * read at each forward pass, not when this is called, so it may be overwritten in between.
     */
    void setInitialState(Storage src, int offset, int stride);

    /** Writes the final state of each example of the last forward pass to {@code dst[offset + i·stride ...]}. */
    void copyFinalState(Storage dst, int offset, int stride);

    /** Whether backward also computes ∂loss/∂(initial state); off by default (it costs one matrix product). */
    void computeInitialStateGradient(boolean on);

    /** Writes ∂loss/∂(initial state) of each example of the last backward pass to {@code dst[offset + i·stride ...]}. */
    void copyInitialStateGradient(Storage dst, int offset, int stride);

    /**
     * For a layer with a synthesiser ({@link RecurrentSpec#synthetic()}; ignored without one), what
     * the following backward passes do with it: {@code inject} adds its prediction at the final
     * state to the gradient arriving at the window's end (as if the stream's loss had a term
     * ⟨final state, prediction⟩, the prediction a constant); {@code learn} adds the gradient of its
     * regression loss at the initial state, the target being ∂loss/∂(initial state) of the same pass.
     * Both off by default.
     */
    default void syntheticGradients(boolean inject, boolean learn) {}
}
