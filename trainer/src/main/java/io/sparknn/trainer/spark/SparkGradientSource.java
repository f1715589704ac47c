package io.sparknn.trainer.spark;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.ShardWork;
import io.sparknn.engine.train.StepPlan;
import io.sparknn.engine.train.StepTotals;
import io.sparknn.engine.train.Weights;
import io.sparknn.trainer.config.AggregationMode;
import io.sparknn.trainer.config.GradientWire;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One Spark job per step ({@link SparkStep}): the weights are broadcast, one task per partition of
 * the cached training RDD computes its shard's gradient sum ({@link Shard}), and the driver adds the
 * results in partition order as they arrive ({@link GradientSum}), directly or in groups
 * ({@link Aggregation}). The task's result arrays are created inside
 * the task (no zero value shipped with it), and each step's broadcast is destroyed once the job is
 * done.
 */
public final class SparkGradientSource implements GradientSource, StepTraffic.Recorded {
    private final JavaSparkContext sc;
    private final JavaRDD<ExampleBlock> data;
    private final String specText;
    private final Precision precision;
    private final int threadsPerTask;
    private final long examples;
    private final int paramCount;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkGradientSource.class);
    private Aggregation aggregation = Aggregation.IN_PARTITION_ORDER;
    private GradientWire wire = GradientWire.FLOAT32;
    /** Names this data set in the executors' batch-order cache: unique per source, unlike RDD ids, which restart with a new context. */
    private final String dataKey = java.util.UUID.randomUUID().toString();

    private final RecordedSteps steps;

    /**
     * Aggregates {@link Aggregation#IN_PARTITION_ORDER} unless {@link #aggregatedBy} or
     * {@link #withAggregationDepth} says otherwise.
     *
     * @param data one packed block per partition, cached; ids 0..examples−1
     */
    public SparkGradientSource(
            JavaSparkContext sc,
            JavaRDD<ExampleBlock> data,
            long examples,
            NetworkSpec spec,
            Precision precision,
            int threadsPerTask) {
        this.sc = sc;
        this.data = data;
        this.specText = spec.toText();
        this.precision = precision;
        this.threadsPerTask = threadsPerTask;
        this.examples = examples;
        this.paramCount = spec.paramCount();
        this.steps = new RecordedSteps(sc);
    }

    /** This source, adding the partitions' results with {@code strategy}; set before the first step. */
    public SparkGradientSource aggregatedBy(Aggregation strategy) {
        this.aggregation = strategy;
        return this;
    }

    /**
     * This source with the aggregation of the config's {@code aggregation_depth}: 1
     * {@link Aggregation#IN_PARTITION_ORDER}, 2 {@link Aggregation#grouped} over its partitions.
     */
    public SparkGradientSource withAggregationDepth(int depth) {
        return aggregatedBy(depth <= 1 ? Aggregation.IN_PARTITION_ORDER : Aggregation.grouped(data.getNumPartitions()));
    }

    /**
     * This source with the config's {@code training.aggregation}; {@link AggregationMode#AUTO} is
     * resolved by {@link #auto} and its choice logged.
     */
    public SparkGradientSource withAggregation(AggregationMode mode) {
        int partitions = data.getNumPartitions();
        return switch (mode) {
            case DEPTH_1 -> aggregatedBy(Aggregation.IN_PARTITION_ORDER);
            case DEPTH_2 -> aggregatedBy(Aggregation.grouped(partitions));
            case REDUCE_SCATTER -> aggregatedBy(Aggregation.REDUCE_SCATTER);
            case AUTO -> {
                long bytes = (long) paramCount * precision.bytes();
                Aggregation chosen = auto(partitions, bytes);
                LOG.info(
                        "aggregation auto: {} ({} partitions, {} of parameters; reduce-scatter from {} partitions and {})",
                        chosen,
                        partitions,
                        megabytes(bytes),
                        AUTO_MIN_PARTITIONS,
                        megabytes(AUTO_MIN_BYTES));
                yield aggregatedBy(chosen);
            }
        };
    }

    /**
     * What {@link AggregationMode#AUTO} picks: reduce-scatter from {@link #AUTO_MIN_PARTITIONS}
     * partitions and {@link #AUTO_MIN_BYTES} of parameters, where the driver would otherwise receive
     * P parameter vectors a step; depth 1 below (one shuffle costs more than it saves). Never depth 2,
     * which adds in another order: either choice gives the bits of depth 1.
     */
    public static Aggregation auto(int partitions, long parameterBytes) {
        return partitions >= AUTO_MIN_PARTITIONS && parameterBytes >= AUTO_MIN_BYTES
                ? Aggregation.REDUCE_SCATTER
                : Aggregation.IN_PARTITION_ORDER;
    }

    public static final int AUTO_MIN_PARTITIONS = 4;
    public static final long AUTO_MIN_BYTES = 1_000_000;

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    /**
     * This source with the config's {@code training.gradient_wire} (float32 unless set); set after
     * the aggregation, whose hops a bfloat16 wire's log line names.
     */
    public SparkGradientSource withGradientWire(GradientWire wire) {
        this.wire = wire;
        if (wire == GradientWire.BFLOAT16) {
            LOG.info(
                    "gradient wire bfloat16: gradients rounded to nearest even bfloat16 on {} ({}), added in {}",
                    aggregation.hops(),
                    aggregation,
                    precision.name().toLowerCase(java.util.Locale.ROOT));
        }
        return this;
    }

    /** How the gradients travel. */
    public GradientWire gradientWire() {
        return wire;
    }

    /** The aggregation the steps use. */
    public Aggregation aggregation() {
        return aggregation;
    }

    @Override
    public StepTotals compute(StepPlan plan, Storage params, Storage buffers, ShardWork work) {
        return steps.run(
                plan.globalStep(),
                Weights.of(specText, params, buffers),
                step -> aggregation.totals(
                        step,
                        data,
                        new Shard(threadsPerTask, plan, dataKey, work),
                        new Aggregation.Sizes(precision, params.length(), buffers.length(), wire)));
    }

    @Override
    public java.util.Map<StepTraffic.Figure, Number> traffic(long step) {
        return steps.traffic(step);
    }

    @Override
    public void close() {
        steps.close();
    }

    @Override
    public long lastBroadcastNanos() {
        return steps.lastBroadcastNanos();
    }

    @Override
    public long examples() {
        return examples;
    }
}
