package io.sparknn.engine.train;

import java.io.Serializable;

/**
 * What one partition returns for a step: the <em>sum</em> of its examples' gradients (in the
 * network's precision; null when it held none of the batch), its loss sum and count, its right
 * predictions, its example count, its batch-norm buffers after the step (null without batch norm)
 * and its compute time.
 */
public final class ShardResult implements Serializable {
    private static final long serialVersionUID = 1L;

    public int partition;
    public int examples;
    public double lossSum;
    public long lossCount;
    /**
     * Right predictions of the forward pass that gave the loss, out of {@link #lossCount}
     * ({@link io.sparknn.engine.LossResult#correct}); {@link io.sparknn.engine.LossResult#NO_ACCURACY}
     * when the loss has no accuracy.
     */
    public long correct;

    public float[] gradFloat;
    public double[] gradDouble;
    /**
     * The gradient sum rounded to bfloat16 for the trainer's {@code bfloat16} wire ({@link Bfloat16#narrow}),
     * with {@link #gradFloat} and {@link #gradDouble} null; else null. A {@link GradientSum} widens it to
     * the network's precision (exactly) and adds it there.
     */
    public short[] gradBfloat16;

    public double[] buffers;
    /** Stateful training: the final state of the partition's streams after the step, else null. */
    public double[] state;
    /** Stateful training with a {@link StreamCarry}: the streams' carried values after the step, else null. */
    public double[] carry;
    /** The step's {@link ShardFunction} on this shard, else null. */
    public double[] function;

    public long computeNanos;

    public ShardResult() {}

    public static ShardResult empty(int partition) {
        ShardResult r = new ShardResult();
        r.partition = partition;
        return r;
    }
}
