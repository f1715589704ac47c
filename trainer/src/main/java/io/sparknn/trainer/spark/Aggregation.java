package io.sparknn.trainer.spark;

import io.sparknn.engine.Precision;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSum;
import io.sparknn.engine.train.ShardResult;
import io.sparknn.engine.train.Weights;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * How a step's shard results reach the driver's {@link GradientSum}: each strategy runs the step's
 * shard task on every partition (through the step's {@link SparkStep}) and hands the driver a
 * fixed number of results, each the sum of a fixed run of partitions in partition order, so the
 * total is the same bits however the tasks are scheduled.
 */
public interface Aggregation extends Serializable {
    /** Every partition's result goes to the driver, which adds them in partition order. */
    Aggregation IN_PARTITION_ORDER = new Aggregation() {
        @Override
        public int results(int partitions) {
            return partitions;
        }

        @Override
        public void run(SparkStep<Weights> step, JavaRDD<ExampleBlock> data, Shard shard, GradientSum sum) {
            step.run(data, shard.plan().describe(), shard::compute, sum::accept);
        }
    };

    /** How many results the driver adds for this many partitions. */
    int results(int partitions);

    /**
     * Runs {@code shard} on every partition of {@code data} and hands {@code sum} result i, for i
     * in 0 until {@link #results}, in any order; the Spark jobs are described by the shard's plan.
     */
    void run(SparkStep<Weights> step, JavaRDD<ExampleBlock> data, Shard shard, GradientSum sum);

    /**
     * Partitions are first added in fixed groups of ⌈√P⌉ consecutive partitions on the executors (one
     * shuffle), each group in partition order, and the driver adds the groups in order: it holds at
     * most ⌈√P⌉ results at once instead of P.
     */
    static Aggregation grouped(int partitions) {
        return new Grouped((int) Math.ceil(Math.sqrt(partitions)));
    }

    /** Results added in groups of {@code size} consecutive partitions on the executors. */
    record Grouped(int size) implements Aggregation {
        @Override
        public int results(int partitions) {
            return (partitions + size - 1) / size;
        }

        @Override
        public void run(SparkStep<Weights> step, JavaRDD<ExampleBlock> data, Shard shard, GradientSum sum) {
            int size = this.size;
            // the executors' group sums are shaped as the driver's: the lambda takes these, not sum
            Precision precision = sum.precision();
            int params = sum.paramCount();
            int buffers = sum.bufferCount();
            int partitions = data.getNumPartitions();
            int groups = results(partitions);
            var weights = step.value();
            JavaRDD<ShardResult> groupSums = data.mapPartitionsWithIndex(
                            (idx, it) -> List.of(shard.compute(idx, it, weights.value()))
                                    .iterator(),
                            true)
                    .mapToPair(r -> new Tuple2<>(r.partition / size, r))
                    .partitionBy(new GroupPartitioner(groups))
                    .mapPartitionsWithIndex(
                            (g, it) -> {
                                int members = Math.min(size, partitions - g * size);
                                GradientSum s = new GradientSum(precision, params, buffers, members);
                                it.forEachRemaining(t -> s.accept(t._2().partition - g * size, t._2()));
                                return List.of(s.totals().asShardResult(g, precision))
                                        .iterator();
                            },
                            true);
            step.<ShardResult, ShardResult>run(
                    groupSums, shard.plan().describe(), (g, it, w) -> it.next(), sum::accept);
        }
    }

    /** Group g's results go to partition g. */
    final class GroupPartitioner extends org.apache.spark.Partitioner {
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
}
