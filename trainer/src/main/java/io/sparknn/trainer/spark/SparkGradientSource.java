package io.sparknn.trainer.spark;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.GradientSum;
import io.sparknn.engine.train.ShardWork;
import io.sparknn.engine.train.StepPlan;
import io.sparknn.engine.train.StepTotals;
import io.sparknn.engine.train.Weights;
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
public final class SparkGradientSource implements GradientSource {
    private final JavaSparkContext sc;
    private final JavaRDD<ExampleBlock> data;
    private final String specText;
    private final Precision precision;
    private final int threadsPerTask;
    private final long examples;
    private Aggregation aggregation = Aggregation.IN_PARTITION_ORDER;
    /** Names this data set in the executors' batch-order cache: unique per source, unlike RDD ids, which restart with a new context. */
    private final String dataKey = java.util.UUID.randomUUID().toString();

    private long broadcastNanos;

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

    @Override
    public StepTotals compute(StepPlan plan, Storage params, Storage buffers, ShardWork work) {
        GradientSum sum = new GradientSum(
                precision, params.length(), buffers.length(), aggregation.results(data.getNumPartitions()));
        SparkStep<Weights> step = SparkStep.broadcast(sc, Weights.of(specText, params, buffers));
        try {
            aggregation.run(step, data, new Shard(threadsPerTask, plan, dataKey, work), sum);
        } finally {
            step.close();
            broadcastNanos = step.broadcastNanos();
        }
        return sum.totals();
    }

    @Override
    public long lastBroadcastNanos() {
        return broadcastNanos;
    }

    @Override
    public long examples() {
        return examples;
    }
}
