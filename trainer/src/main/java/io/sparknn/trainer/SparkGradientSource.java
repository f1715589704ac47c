package io.sparknn.trainer;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.GradientSum;
import io.sparknn.engine.train.ShardComputation;
import io.sparknn.engine.train.ShardResult;
import io.sparknn.engine.train.StepPlan;
import io.sparknn.engine.train.StepTotals;
import io.sparknn.engine.train.Weights;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * One Spark job per step ({@link SparkStep}): the weights are broadcast, one task per partition of
 * the cached training RDD computes its shard's gradient sum, and the driver adds the results in
 * partition order as they arrive ({@link GradientSum}). The task's result arrays are created inside
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
    private final int groupSize;
    private final int groups;
    /** Names this data set in the executors' batch-order cache: unique per source, unlike RDD ids, which restart with a new context. */
    private final String dataKey = java.util.UUID.randomUUID().toString();
    private long broadcastNanos;

    /**
     * @param data one packed block per partition, cached; ids 0..examples−1
     */
    public SparkGradientSource(JavaSparkContext sc, JavaRDD<ExampleBlock> data, long examples, NetworkSpec spec,
                               Precision precision, int threadsPerTask) {
        this(sc, data, examples, spec, precision, threadsPerTask, 1);
    }

    /**
     * @param depth 1: the driver adds every partition's result in partition order; 2: partitions are
     *              first added in fixed groups of ⌈√P⌉ consecutive partitions on the executors (one
     *              shuffle), each group in partition order, and the driver adds the groups in order,
     *              so it holds at most ⌈√P⌉ results at once
     */
    public SparkGradientSource(JavaSparkContext sc, JavaRDD<ExampleBlock> data, long examples, NetworkSpec spec,
                               Precision precision, int threadsPerTask, int depth) {
        this.sc = sc;
        this.data = data;
        this.specText = spec.toText();
        this.precision = precision;
        this.threadsPerTask = threadsPerTask;
        this.examples = examples;
        int p = data.getNumPartitions();
        this.groupSize = depth <= 1 ? p : (int) Math.ceil(Math.sqrt(p));
        this.groups = (p + groupSize - 1) / groupSize;
    }

    @Override
    public StepTotals compute(StepPlan plan, Storage params, Storage buffers) {
        int partitions = data.getNumPartitions();
        boolean grouped = groupSize < partitions;
        GradientSum sum = new GradientSum(precision, params.length(), buffers.length(), grouped ? groups : partitions);
        SparkStep<Weights> step = SparkStep.broadcast(sc, Weights.of(specText, params, buffers));
        try {
            Shard shard = new Shard(threadsPerTask, plan, dataKey);
            if (grouped) {
                step.<ShardResult, ShardResult>run(groupSums(step, shard, params.length(), buffers.length()),
                        plan.describe(), (g, it, w) -> it.next(), sum::accept);
            } else {
                step.run(data, plan.describe(), shard::compute, sum::accept);
            }
        } finally {
            step.close();
            broadcastNanos = step.broadcastNanos();
        }
        return sum.totals();
    }

    /** Shard results added in fixed groups of consecutive partitions, each group in partition order. */
    private JavaRDD<ShardResult> groupSums(SparkStep<Weights> step, Shard shard, int paramCount, int bufferCount) {
        int size = groupSize;
        int partitions = data.getNumPartitions();
        Precision p = precision;
        var weights = step.value();
        return data.mapPartitionsWithIndex((idx, it) -> List.of(shard.compute(idx, it, weights.value())).iterator(), true)
                .mapToPair(r -> new Tuple2<>(r.partition / size, r))
                .partitionBy(new GroupPartitioner(groups))
                .mapPartitionsWithIndex((g, it) -> {
                    int members = Math.min(size, partitions - g * size);
                    GradientSum s = new GradientSum(p, paramCount, bufferCount, members);
                    it.forEachRemaining(t -> s.accept(t._2().partition - g * size, t._2()));
                    return List.of(s.totals().asShardResult(g, p)).iterator();
                }, true);
    }

    /** Group g's results go to partition g. */
    static final class GroupPartitioner extends org.apache.spark.Partitioner {
        private static final long serialVersionUID = 1L;
        private final int groups;

        GroupPartitioner(int groups) {
            this.groups = groups;
        }

        @Override
        public int numPartitions() {
            return groups;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }
    }

    @Override
    public long lastBroadcastNanos() {
        return broadcastNanos;
    }

    @Override
    public long examples() {
        return examples;
    }

    /** Runs in the task: select the partition's rows of the batch, borrow a network, compute the shard. */
    record Shard(int threads, StepPlan plan, String dataKey) implements java.io.Serializable {
        ShardResult compute(int p, Iterator<ExampleBlock> it, Weights weights) {
            if (!it.hasNext()) {
                return ShardResult.empty(p);
            }
            ExampleBlock block = it.next();
            int[] rows = ShardComputation.rows(dataKey + "/" + p, block, plan);
            if (rows.length == 0) {
                return ShardResult.empty(p);
            }
            var net = NetworkCache.borrow(weights, threads);
            try {
                return ShardComputation.compute(net, block, rows, plan, p);
            } finally {
                NetworkCache.giveBack(net);
            }
        }
    }
}
