package io.sparknn.trainer.plan;

import io.sparknn.trainer.config.AggregationMode;
import io.sparknn.trainer.config.GradientWire;

/**
 * The bytes one step moves on each channel and the Spark tasks and stages it runs, as
 * {@link io.sparknn.trainer.spark.StepTraffic} counts them with shuffle compression off, for P
 * executors of one partition each. The constants are fitted to the benchmark cluster's exact
 * figures (BENCHMARKS.md, "Bytes per step as the executors grow" and "bfloat16 on the wire"): a task
 * result carrying a gradient of g bytes is (1 + {@link #RESULT_EXCESS}) g + {@link #TASK_RESULT_BYTES}
 * (Spark's envelope and metrics); every task result, with or without a gradient, carries the
 * envelope.
 *
 * @param driverIn  task results into the driver
 * @param broadcast broadcast pieces the executors store (the weights, P copies)
 * @param shuffle   shuffle bytes written (= read)
 * @param tasks     tasks per step
 * @param stages    stages per step (one job)
 */
public record StepBytes(double driverIn, double broadcast, double shuffle, int tasks, int stages) {
    /** A gradient in a task result costs this share more than its raw bytes (0.49%, every model and wire). */
    public static final double RESULT_EXCESS = 0.0049;
    /** Spark's envelope of one task result (LeNet on 4 partitions, depth 1: 1,064 bytes). */
    public static final double TASK_RESULT_BYTES = 1_064;
    /** A shard's own result (losses, counts, times) that reducer 0 forwards under reduce-scatter. */
    public static final double SHARD_RESULT_BYTES = 795;
    /**
     * What an executor stores per stage besides the weights: the stage's task binary, broadcast too
     * (4.2–4.9 KB for the MLP and LeNet; reduce-scatter's two stages store twice that).
     */
    public static final double TASK_BINARY_BYTES = 4_600;
    /** Per shuffle record besides its gradient bytes (key, partition, counts): a reduce-scatter map task writes P + 1. */
    public static final double SHUFFLE_RECORD_BYTES = 56;

    /**
     * The step's bytes for {@code params} parameters of {@code precisionBytes} each (4: float32, 8:
     * float64) on {@code executors} executors (one partition each).
     *
     * @throws IllegalArgumentException for {@link AggregationMode#AUTO} (resolve it first: {@link #resolve})
     */
    public static StepBytes of(
            AggregationMode mode, long params, int precisionBytes, GradientWire wire, int executors) {
        if (executors < 1 || params < 1) {
            throw new IllegalArgumentException(executors + " executors, " + params + " parameters");
        }
        double weights = (double) params * precisionBytes;
        double gradient = gradientBytes(params, precisionBytes, wire);
        double result = (1 + RESULT_EXCESS) * gradient;
        int p = executors;
        int stages = mode == AggregationMode.DEPTH_1 ? 1 : 2;
        double broadcast = p * (weights + stages * TASK_BINARY_BYTES);
        switch (mode) {
            case DEPTH_1:
                return new StepBytes(p * (result + TASK_RESULT_BYTES), broadcast, 0, tasks(mode, p), 1);
            case DEPTH_2: {
                int groups = groups(p);
                return new StepBytes(
                        groups * result + (p + groups) * TASK_RESULT_BYTES,
                        broadcast,
                        p * (gradient + SHARD_RESULT_BYTES),
                        tasks(mode, p),
                        stages);
            }
            case REDUCE_SCATTER:
                return new StepBytes(
                        result + 2 * p * TASK_RESULT_BYTES + p * SHARD_RESULT_BYTES,
                        broadcast,
                        p * gradient + (double) p * (p + 1) * SHUFFLE_RECORD_BYTES,
                        tasks(mode, p),
                        stages);
            default:
                throw new IllegalArgumentException("resolve " + mode + " first");
        }
    }

    /** The bytes of one gradient on the wire: the network's precision on float32, 2 a parameter on bfloat16. */
    public static double gradientBytes(long params, int precisionBytes, GradientWire wire) {
        return (double) params * (wire == GradientWire.BFLOAT16 ? 2 : precisionBytes);
    }

    /** Depth 2's group size: ⌈√P⌉ consecutive partitions ({@code Aggregation.grouped}). */
    public static int groupSize(int partitions) {
        return (int) Math.ceil(Math.sqrt(partitions));
    }

    /** Depth 2's groups: ⌈P / ⌈√P⌉⌉, each summed on one reducer task. */
    public static int groups(int partitions) {
        int size = groupSize(partitions);
        return (partitions + size - 1) / size;
    }

    /** Tasks per step: P at depth 1, P + groups at depth 2, 2P with reduce-scatter (P map, P reducers). */
    public static int tasks(AggregationMode mode, int partitions) {
        return switch (mode) {
            case DEPTH_1 -> partitions;
            case DEPTH_2 -> partitions + groups(partitions);
            case REDUCE_SCATTER -> 2 * partitions;
            case AUTO -> throw new IllegalArgumentException("resolve auto first");
        };
    }

    /**
     * What {@code auto} picks ({@code SparkGradientSource.auto}): reduce-scatter from 4 partitions
     * and 1 MB of parameters, else depth 1. Its thresholds are repeated here (this package does not
     * depend on Spark); {@code StepBytesTest} checks they agree.
     */
    public static AggregationMode resolve(AggregationMode mode, int partitions, long parameterBytes) {
        if (mode != AggregationMode.AUTO) {
            return mode;
        }
        return partitions >= 4 && parameterBytes >= 1_000_000
                ? AggregationMode.REDUCE_SCATTER
                : AggregationMode.DEPTH_1;
    }
}
