package io.sparknn.engine.train;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.Parallel;
import io.sparknn.engine.kernel.TensorKernels;

/**
 * The step an {@link TrainingLoop.Update} acts on: its global batch, the mean gradient the loop
 * computed (clipped), and the means to look at the same batch again at weights the update chooses
 * (a line search's trial points) or to run its own per-shard computation (a curvature-vector
 * product). Each look is one more pass over the shards, one more Spark job on Spark, added in
 * partition order like the gradient; batch-norm statistics and dropout masks are those of the
 * step, and buffers stay as they were at the step's start.
 */
public final class StepObjective {
    private final GradientSource source;
    private final StepPlan plan;
    private final Storage buffers;
    private final StepTotals totals;
    private final Storage meanGradient;
    private final double lr;
    private final TensorKernels k;

    StepObjective(
            GradientSource source, StepPlan plan, Storage buffers, StepTotals totals, Storage meanGradient, double lr) {
        this.source = source;
        this.plan = plan;
        this.buffers = buffers;
        this.totals = totals;
        this.meanGradient = meanGradient;
        this.lr = lr;
        this.k = TensorKernels.of(meanGradient.precision());
    }

    /** The mean loss and mean gradient of a batch at some weights. */
    public record LossAndGradient(double loss, Storage meanGradient) {}

    public StepPlan plan() {
        return plan;
    }

    /** The scheduled learning rate of this step. */
    public double lr() {
        return lr;
    }

    /** The batch's mean gradient at the step's weights, clipped as the settings say. */
    public Storage meanGradient() {
        return meanGradient;
    }

    /** The threads the update may cut its element-wise passes across ({@link GradientSource#parallel()}). */
    public Parallel threads() {
        return source.parallel();
    }

    /** The batch's mean loss at the step's weights. */
    public double loss() {
        return totals.lossSum() / totals.lossCount();
    }

    /** The shards' sums: loss, examples, and the update's statistic ({@link StepTotals#functionSum()}), if it asked for one. */
    public StepTotals totals() {
        return totals;
    }

    /** The batch's mean loss and (unclipped) mean gradient at {@code params}. */
    public LossAndGradient at(Storage params) {
        StepTotals t = source.compute(plan, params, buffers, ShardWork.GRADIENT);
        Storage g = t.gradientSum();
        double inverse = 1.0 / t.lossCount();
        source.parallel().forRanges(g.length(), (from, to) -> k.scale(g, from, to - from, inverse));
        return new LossAndGradient(t.lossSum() / t.lossCount(), g);
    }

    /** Σ over the shards of {@code f} on their part of the batch at {@code params}, in partition order. */
    public double[] shardSum(Storage params, ShardFunction f) {
        return source.compute(plan, params, buffers, ShardWork.only(f)).functionSum();
    }

    Precision precision() {
        return meanGradient.precision();
    }
}
