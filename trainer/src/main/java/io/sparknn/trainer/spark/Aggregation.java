package io.sparknn.trainer.spark;

import io.sparknn.engine.Precision;
import io.sparknn.engine.train.Bfloat16;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSum;
import io.sparknn.engine.train.ShardResult;
import io.sparknn.engine.train.StepTotals;
import io.sparknn.engine.train.Weights;
import io.sparknn.trainer.config.GradientWire;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * How a step's shard results become the driver's totals: each strategy runs the step's shard task
 * on every partition (through the step's {@link SparkStep}) and adds fixed runs of partitions in
 * partition order ({@link GradientSum}), so the total is the same bits however the tasks are
 * scheduled. {@link #IN_PARTITION_ORDER} and {@link #REDUCE_SCATTER} give the same bits;
 * {@link Grouped} adds in another order.
 *
 * <p>On the {@link GradientWire#BFLOAT16} wire ({@link Sizes#send}) every gradient is rounded to
 * bfloat16 as it leaves a process and widened exactly where it arrives, and every sum is still taken
 * in the network's precision in partition order: depth 1 rounds once (task → driver), depth 2 and
 * reduce-scatter twice (task → reducer, reducer → driver); {@link #hops} names them. The losses,
 * counts and batch-norm buffers travel unrounded.
 */
public interface Aggregation extends Serializable {
    /** Every partition's result goes to the driver, which adds them in partition order. */
    Aggregation IN_PARTITION_ORDER = new Aggregation() {
        @Override
        public StepTotals totals(SparkStep<Weights> step, JavaRDD<ExampleBlock> data, Shard shard, Sizes sizes) {
            GradientSum sum = sizes.sum(data.getNumPartitions());
            step.run(data, shard.plan().describe(), (p, it, w) -> sizes.send(shard.compute(p, it, w)), sum::accept);
            return sum.totals();
        }

        @Override
        public String toString() {
            return "depth 1";
        }
    };

    /**
     * Each partition's gradient cut into one contiguous slice per partition, slice j of every
     * partition added on reducer j (one shuffle): the driver receives one parameter vector per
     * step, whatever the number of partitions, with the bits of {@link #IN_PARTITION_ORDER}.
     */
    Aggregation REDUCE_SCATTER = new ReduceScatter();

    /**
     * The shape of a step's results: the network's precision, its parameter and batch-norm buffer
     * counts; and how their gradients travel.
     */
    record Sizes(Precision precision, int params, int buffers, GradientWire wire) implements Serializable {
        /** On the float32 wire (the network's own precision). */
        public Sizes(Precision precision, int params, int buffers) {
            this(precision, params, buffers, GradientWire.FLOAT32);
        }

        /** A sum of this shape over {@code results} results. */
        public GradientSum sum(int results) {
            return new GradientSum(precision, params, buffers, results);
        }

        /**
         * {@code r} as it leaves its process: its gradient rounded to bfloat16 on that wire
         * ({@link Bfloat16#narrow}; a {@link GradientSum} widens it on arrival), else as it is.
         */
        public ShardResult send(ShardResult r) {
            return wire == GradientWire.BFLOAT16 ? Bfloat16.narrow(r) : r;
        }
    }

    /** The hops between processes a gradient takes (where the bfloat16 wire rounds it): each task's to the driver. */
    default String hops() {
        return "task → driver";
    }

    /**
     * Runs {@code shard} on every partition of {@code data} and returns the step's totals, shaped
     * as {@code sizes}; the Spark jobs are described by the shard's plan.
     */
    StepTotals totals(SparkStep<Weights> step, JavaRDD<ExampleBlock> data, Shard shard, Sizes sizes);

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
        /** How many group sums the driver adds for this many partitions. */
        public int results(int partitions) {
            return (partitions + size - 1) / size;
        }

        @Override
        public StepTotals totals(SparkStep<Weights> step, JavaRDD<ExampleBlock> data, Shard shard, Sizes sizes) {
            int size = this.size;
            // the executors' group sums are shaped as the driver's
            Precision precision = sizes.precision();
            int params = sizes.params();
            int buffers = sizes.buffers();
            int partitions = data.getNumPartitions();
            int groups = results(partitions);
            GradientSum sum = sizes.sum(groups);
            var weights = step.value();
            JavaRDD<ShardResult> groupSums = data.mapPartitionsWithIndex(
                            (idx, it) -> List.of(sizes.send(shard.compute(idx, it, weights.value())))
                                    .iterator(),
                            true)
                    .mapToPair(r -> new Tuple2<>(r.partition / size, r))
                    .partitionBy(new GroupPartitioner(groups))
                    .mapPartitionsWithIndex(
                            (g, it) -> {
                                int members = Math.min(size, partitions - g * size);
                                GradientSum s = new GradientSum(precision, params, buffers, members);
                                it.forEachRemaining(t -> s.accept(t._2().partition - g * size, t._2()));
                                return List.of(sizes.send(s.totals().asShardResult(g, precision)))
                                        .iterator();
                            },
                            true);
            step.<ShardResult, ShardResult>run(
                    groupSums, shard.plan().describe(), (g, it, w) -> it.next(), sum::accept);
            return sum.totals();
        }

        @Override
        public String hops() {
            return "task → group, group → driver";
        }

        @Override
        public String toString() {
            return "depth 2 (groups of " + size + ")";
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
