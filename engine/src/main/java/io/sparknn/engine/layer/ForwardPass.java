package io.sparknn.engine.layer;

/**
 * What a forward pass needs besides its input: training or inference mode, and the identity of
 * each example so that randomness (dropout masks) is a function of (seed, step, global example id)
 * and not of how a batch is split into shards or threads.
 *
 * @param training  training mode (dropout active, batch norm on batch statistics)
 * @param seed      the run's seed
 * @param step      the global optimizer step
 * @param ids       global example ids of the rows of this pass, starting at {@code idOffset}; null at inference
 * @param idOffset  index into {@code ids} of the pass's first example
 */
public record ForwardPass(boolean training, long seed, long step, long[] ids, int idOffset) {

    /** Inference: no randomness, running statistics. */
    public static final ForwardPass INFERENCE = new ForwardPass(false, 0, 0, null, 0);

    /** The same pass over a sub-range of its examples. */
    public ForwardPass shifted(int by) {
        return new ForwardPass(training, seed, step, ids, idOffset + by);
    }
}
