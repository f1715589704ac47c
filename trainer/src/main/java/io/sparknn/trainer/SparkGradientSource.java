package io.sparknn.trainer;

import io.sparknn.engine.train.GradientSource;
import io.sparknn.engine.train.GradientSum;
import io.sparknn.engine.train.ShardComputation;
import io.sparknn.engine.train.ShardResult;
import io.sparknn.engine.train.StepPlan;
import io.sparknn.engine.train.StepTotals;
import io.sparknn.engine.train.Weights;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.train.ExampleBlock;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.collection.immutable.Seq;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;
import scala.Tuple2;

/**
 * One Spark job per step: broadcast the weights, one task per partition of the cached training
 * RDD computes its shard's gradient sum, and the driver adds the results in partition order as
 * they arrive ({@link GradientSum}). The task's result arrays are created inside the task (no zero
 * value shipped with it), and each step's broadcast is destroyed once the job is done.
 */
public final class SparkGradientSource implements GradientSource {
    private final JavaSparkContext sc;
    private final JavaRDD<ExampleBlock> data;
    private final String specText;
    private final Precision precision;
    private final int threadsPerTask;
    private final long examples;
    private final Seq<Object> partitionIds;
    private final int groupSize;
    /** Names this data set in the executors' batch-order cache: unique per source, unlike RDD ids, which restart with a new context. */
    private final String dataKey = java.util.UUID.randomUUID().toString();
    private final Seq<Object> groupIds;
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
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < data.getNumPartitions(); i++) {
            ids.add(i);
        }
        this.partitionIds = scala.jdk.javaapi.CollectionConverters.asScala(ids).toSeq();
        int p = data.getNumPartitions();
        this.groupSize = depth <= 1 ? p : (int) Math.ceil(Math.sqrt(p));
        List<Object> groups = new ArrayList<>();
        for (int g = 0; g < (p + groupSize - 1) / groupSize; g++) {
            groups.add(g);
        }
        this.groupIds = scala.jdk.javaapi.CollectionConverters.asScala(groups).toSeq();
    }

    @Override
    public StepTotals compute(StepPlan plan, Storage params, Storage buffers) {
        long t0 = System.nanoTime();
        Broadcast<Weights> bc = sc.broadcast(Weights.of(params, buffers));
        broadcastNanos = System.nanoTime() - t0;
        int partitions = data.getNumPartitions();
        boolean grouped = groupSize < partitions;
        GradientSum sum = new GradientSum(precision, params.length(), buffers.length(),
                grouped ? groupIds.size() : partitions);
        sc.setJobDescription(plan.describe());
        try {
            ClassTag<ShardResult> tag = ClassTag$.MODULE$.apply(ShardResult.class);
            StepTask task = new StepTask(specText, precision, threadsPerTask, plan, bc, dataKey);
            if (grouped) {
                sc.sc().runJob(groupSums(task, params.length(), buffers.length()).rdd(), new Single(), groupIds,
                        new Collect(sum), tag);
            } else {
                sc.sc().runJob(data.rdd(), task, partitionIds, new Collect(sum), tag);
            }
        } finally {
            long t1 = System.nanoTime();
            bc.destroy();
            broadcastNanos += System.nanoTime() - t1;
        }
        return sum.totals();
    }

    /** Shard results added in fixed groups of consecutive partitions, each group in partition order. */
    private JavaRDD<ShardResult> groupSums(StepTask task, int paramCount, int bufferCount) {
        int size = groupSize;
        int partitions = data.getNumPartitions();
        Precision p = precision;
        return data.mapPartitionsWithIndex((idx, it) -> List.of(task.shard(idx, it)).iterator(), true)
                .mapToPair(r -> new Tuple2<>(r.partition / size, r))
                .partitionBy(new GroupPartitioner(groupIds.size()))
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

    /** The one result a group partition holds. */
    static final class Single extends AbstractFunction2<TaskContext, Iterator<ShardResult>, ShardResult>
            implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public ShardResult apply(TaskContext ctx, Iterator<ShardResult> it) {
            return it.next();
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

    /** Runs in the task: borrow a network, load the weights, compute the shard. */
    static final class StepTask extends AbstractFunction2<TaskContext, Iterator<ExampleBlock>, ShardResult>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String specText;
        private final Precision precision;
        private final int threads;
        private final StepPlan plan;
        private final Broadcast<Weights> weights;
        private final String dataKey;

        StepTask(String specText, Precision precision, int threads, StepPlan plan, Broadcast<Weights> weights, String dataKey) {
            this.specText = specText;
            this.precision = precision;
            this.threads = threads;
            this.plan = plan;
            this.weights = weights;
            this.dataKey = dataKey;
        }

        @Override
        public ShardResult apply(TaskContext ctx, Iterator<ExampleBlock> it) {
            return shard(ctx.partitionId(), scala.jdk.javaapi.CollectionConverters.asJava(it));
        }

        ShardResult shard(int p, java.util.Iterator<ExampleBlock> it) {
            if (!it.hasNext()) {
                return ShardResult.empty(p);
            }
            ExampleBlock block = it.next();
            int[] rows = ShardComputation.rows(dataKey + "/" + p, block, plan);
            if (rows.length == 0) {
                return ShardResult.empty(p);
            }
            var net = NetworkCache.borrow(specText, precision, threads);
            try {
                weights.value().loadInto(net);
                return ShardComputation.compute(net, block, rows, plan, p);
            } finally {
                NetworkCache.giveBack(net);
            }
        }
    }

    /** Driver side: hands each task's result to the ordered sum. */
    static final class Collect extends AbstractFunction2<Object, ShardResult, BoxedUnit> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final transient GradientSum sum;

        Collect(GradientSum sum) {
            this.sum = sum;
        }

        @Override
        public BoxedUnit apply(Object partition, ShardResult r) {
            sum.accept((Integer) partition, r);
            return BoxedUnit.UNIT;
        }
    }
}
