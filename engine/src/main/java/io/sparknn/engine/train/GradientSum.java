package io.sparknn.engine.train;

import io.sparknn.engine.DoubleStorage;
import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.LossResult;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.Parallel;
import io.sparknn.engine.kernel.TensorKernels;
import java.util.TreeMap;

/**
 * Adds shard results in partition-index order, whatever order they arrive in: a result waits
 * until every lower partition has been added, so the sum is bitwise independent of task
 * completion order and retries. At most the out-of-order results are held at once.
 * Batch-norm buffers are averaged weighted by example count; {@link ShardFunction} results are
 * added in the same order; right-prediction counts are added ({@link LossResult#addCorrect}). A gradient
 * that travelled as bfloat16 ({@link ShardResult#gradBfloat16}) is widened to the sum's precision and
 * added there. With threads ({@link Parallel}) each gradient is added by parameter ranges across
 * them: every parameter still adds the partitions in order, so the bits do not depend on the threads.
 */
public final class GradientSum {
    private final int partitions;
    private final TensorKernels k;
    private final Parallel threads;
    private final Storage sum;
    private final double[] buffers;
    /** Σ of the shards' function results so far; null until a shard returns one. */
    private double[] function;

    private final TreeMap<Integer, ShardResult> pending = new TreeMap<>();
    private int next;
    private double lossSum;
    private long lossCount;
    private long correct;
    private long examples;
    private long computeNanosMax;
    private long computeNanosTotal;

    public GradientSum(Precision precision, int params, int bufferCount, int partitions) {
        this(precision, params, bufferCount, partitions, Parallel.SERIAL);
    }

    /** As above, each gradient added across {@code threads}. */
    public GradientSum(Precision precision, int params, int bufferCount, int partitions, Parallel threads) {
        this.partitions = partitions;
        this.threads = threads;
        this.k = TensorKernels.of(precision);
        this.sum = Storage.allocate(precision, params);
        this.buffers = new double[bufferCount];
    }

    /** The precision of the gradients added. */
    public Precision precision() {
        return sum.precision();
    }

    /** How many parameters each gradient has. */
    public int paramCount() {
        return sum.length();
    }

    /** How many batch-norm buffer values each result has. */
    public int bufferCount() {
        return buffers.length;
    }

    public synchronized void accept(int partition, ShardResult r) {
        pending.put(partition, r);
        while (!pending.isEmpty() && pending.firstKey() == next) {
            add(pending.pollFirstEntry().getValue());
            next++;
        }
    }

    private void add(ShardResult r) {
        computeNanosMax = Math.max(computeNanosMax, r.computeNanos);
        computeNanosTotal += r.computeNanos;
        if (r.function != null) {
            if (function == null) {
                function = new double[r.function.length];
            } else if (function.length != r.function.length) {
                throw new IllegalStateException("partition " + r.partition + "'s shard function returned "
                        + r.function.length + " values, the partitions before it " + function.length);
            }
            for (int i = 0; i < function.length; i++) {
                function[i] += r.function[i];
            }
        }
        if (r.examples == 0 || r.gradFloat == null && r.gradDouble == null && r.gradBfloat16 == null) {
            return;
        }
        Storage g = r.gradFloat != null
                ? new FloatStorage(r.gradFloat)
                : r.gradDouble != null ? new DoubleStorage(r.gradDouble) : Bfloat16.widen(r.gradBfloat16, precision());
        threads.forRanges(sum.length(), (from, to) -> k.add(g, from, sum, from, to - from));
        lossSum += r.lossSum;
        lossCount += r.lossCount;
        correct = LossResult.addCorrect(correct, r.correct);
        examples += r.examples;
        if (r.buffers != null) {
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] += r.examples * r.buffers[i];
            }
        }
    }

    /** The totals once every partition has reported. */
    public synchronized StepTotals totals() {
        if (next != partitions) {
            throw new IllegalStateException("only " + next + " of " + partitions + " partitions reported");
        }
        double[] b = buffers.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] /= examples;
        }
        return new StepTotals(
                sum, lossSum, lossCount, correct, examples, b, computeNanosMax, computeNanosTotal, function);
    }
}
