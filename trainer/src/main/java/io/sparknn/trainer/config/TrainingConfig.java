package io.sparknn.trainer.config;

/**
 * How long and how the loop trains.
 *
 * @param partitions      partitions of the training data (0 = Spark's default parallelism; 1 in process)
 * @param threadsPerTask  engine threads per Spark task (0 = spark.task.cpus; 1 in process)
 * @param clipNorm        global gradient-norm clipping (0 = off)
 * @param maxSteps        stop after this many steps in total (0 = all epochs)
 * @param logEvery        a step line in metrics.jsonl and the log every this many steps (0 = none)
 * @param lrScaling       scale the learning rate by (batch / baseBatch) or its root
 * @param warmupSteps     linear warm-up from η to the scaled rate (Goyal et al.), with lr scaling (0 = none);
 *                        not the same as {@code schedule.warmup} (PyTorch's LinearLR): a config sets one
 * @param patience        early stopping: epochs without improvement of the validation metric (0 = off)
 * @param metric          early stopping metric
 * @param aggregation     how the partitions' gradients reach the driver ({@code training.aggregation}, or its
 *                        older spelling {@code aggregation_depth}: 1 {@link AggregationMode#DEPTH_1}, 2
 *                        {@link AggregationMode#DEPTH_2}); {@link AggregationMode#AUTO} when neither is set
 * @param evaluateEvery   also score the validation data every this many steps inside an epoch (0 = at epoch ends only)
 * @param gradientWire    how the gradient sums travel between Spark's processes ({@code training.gradient_wire},
 *                        {@link GradientWire#FLOAT32} when not set; {@code auto} aggregation never changes it)
 */
public record TrainingConfig(
        int batchSize,
        int epochs,
        long seed,
        int partitions,
        int threadsPerTask,
        double clipNorm,
        long maxSteps,
        int logEvery,
        LrScaling lrScaling,
        int baseBatch,
        int warmupSteps,
        int patience,
        StopMetric metric,
        AggregationMode aggregation,
        int evaluateEvery,
        GradientWire gradientWire) {

    /**
     * 1: the partitions' gradients are added in partition order (depth 1, reduce-scatter or auto:
     * the same bits); 2: in groups first.
     */
    public int aggregationDepth() {
        return aggregation.depth();
    }
}
