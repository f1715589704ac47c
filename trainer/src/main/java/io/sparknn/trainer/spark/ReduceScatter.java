package io.sparknn.trainer.spark;

import io.sparknn.engine.DoubleStorage;
import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.train.Bfloat16;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.GradientSum;
import io.sparknn.engine.train.ShardResult;
import io.sparknn.engine.train.StepTotals;
import io.sparknn.engine.train.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.ShuffledRDD;
import scala.Tuple2;

/**
 * Reduce-scatter ({@link Aggregation#REDUCE_SCATTER}): each task cuts its partition's gradient sum
 * into S = P contiguous slices ({@link #from}); one shuffle brings slice j of every partition to
 * reducer j, which adds them in partition order; the driver copies each reducer's slice into place.
 * The driver receives about one parameter vector per step instead of P.
 *
 * <p>Bitwise equal to {@link Aggregation#IN_PARTITION_ORDER}: each reducer adds its slices with a
 * {@link GradientSum} of the slice's length, as the driver adds whole gradients there (a zero-filled
 * buffer in the network's precision, empty shards skipped, partitions in order whatever order they
 * arrive in), and element i of a sum only ever meets element i of the addends. Everything else a
 * shard returns (loss, counts, batch-norm buffers, compute times, shard functions) travels as the
 * shard's own result with a zero-length gradient to reducer 0, which hands the P results to the
 * driver, where one {@link GradientSum} adds them as depth 1 does: every scalar of a
 * {@link ShardResult} is added in that one place.
 *
 * <p>On the bfloat16 wire ({@link Aggregation.Sizes#send}) a slice is rounded as it leaves its task
 * (map → reducer) and a reducer's sum as it leaves the reducer (reducer → driver); the reducer adds
 * the widened slices in the network's precision. The shards' other results are not rounded.
 */
final class ReduceScatter implements Aggregation {
    private static final long serialVersionUID = 1L;

    @Override
    public StepTotals totals(SparkStep<Weights> step, JavaRDD<ExampleBlock> data, Shard shard, Sizes sizes) {
        Precision precision = sizes.precision();
        int params = sizes.params();
        int partitions = data.getNumPartitions();
        int slices = partitions;
        var weights = step.value();
        JavaPairRDD<Integer, ShardResult> shuffled = data.mapPartitionsWithIndex(
                        (p, it) -> scatter(shard.compute(p, it, weights.value()), slices, params, sizes)
                                .iterator(),
                        true)
                .mapToPair(t -> t)
                .partitionBy(new SlicePartitioner(slices));
        JavaRDD<ShardResult[]> reduced = shuffled.mapPartitionsWithIndex(
                (j, it) -> List.<ShardResult[]>of(reduce(j, it, sizes, slices, partitions))
                        .iterator(),
                true);
        Storage gradient = Storage.allocate(precision, params);
        GradientSum rest = new Sizes(precision, 0, sizes.buffers()).sum(partitions);
        try {
            step.<ShardResult[], ShardResult[]>run(
                    reduced,
                    shard.plan().describe(),
                    (j, it, w) -> it.next(),
                    (j, r) -> place(j, r, slices, gradient, rest));
        } finally {
            cleanShuffle(data.context(), shuffled);
        }
        return withGradient(rest.totals(), gradient);
    }

    /** Reducer j's share of {@code length} parameters starts here (slice j is [from(j), from(j + 1))). */
    static int from(int j, int slices, int length) {
        return (int) ((long) length * j / slices);
    }

    /**
     * A task's records: slice j of its gradient for reducer j, each with the shard's partition and
     * example count (what decides whether a sum skips it), then the shard's result itself, its
     * gradient cut to zero length, under key {@code slices} (for reducer 0). Each slice leaves as
     * {@code sizes} sends it.
     */
    static List<Tuple2<Integer, ShardResult>> scatter(ShardResult r, int slices, int params, Sizes sizes) {
        List<Tuple2<Integer, ShardResult>> out = new ArrayList<>(slices + 1);
        for (int j = 0; j < slices; j++) {
            int a = from(j, slices, params);
            int b = from(j + 1, slices, params);
            ShardResult s = ShardResult.empty(r.partition);
            s.examples = r.examples;
            if (r.gradFloat != null) {
                s.gradFloat = Arrays.copyOfRange(r.gradFloat, a, b);
            }
            if (r.gradDouble != null) {
                s.gradDouble = Arrays.copyOfRange(r.gradDouble, a, b);
            }
            out.add(new Tuple2<>(j, sizes.send(s)));
        }
        // null stays null: a sum skips a result without a gradient, here as on the driver
        r.gradFloat = r.gradFloat == null ? null : new float[0];
        r.gradDouble = r.gradDouble == null ? null : new double[0];
        out.add(new Tuple2<>(slices, r));
        return out;
    }

    /**
     * Reducer j: its slice of every partition added in partition order; element 0 of the answer is
     * the slice's sum (null when no partition had examples), the rest, on reducer 0 only, the
     * shards' results without gradients. The slice's sum leaves as {@code sizes} sends it.
     */
    static ShardResult[] reduce(
            int j, Iterator<Tuple2<Integer, ShardResult>> it, Sizes sizes, int slices, int partitions) {
        Precision precision = sizes.precision();
        int params = sizes.params();
        GradientSum slice =
                new GradientSum(precision, from(j + 1, slices, params) - from(j, slices, params), 0, partitions);
        List<ShardResult> out = new ArrayList<>();
        out.add(null);
        while (it.hasNext()) {
            Tuple2<Integer, ShardResult> t = it.next();
            if (t._1() == slices) {
                out.add(t._2());
            } else {
                slice.accept(t._2().partition, t._2());
            }
        }
        StepTotals sum = slice.totals();
        ShardResult s = ShardResult.empty(j);
        s.examples = (int) sum.examples();
        if (sum.examples() > 0) {
            if (sum.gradientSum() instanceof FloatStorage f) {
                s.gradFloat = f.data;
            } else {
                s.gradDouble = ((DoubleStorage) sum.gradientSum()).data;
            }
        }
        out.set(0, sizes.send(s));
        return out.toArray(ShardResult[]::new);
    }

    /** On the driver: reducer j's slice copied into place, the shards' other results added in partition order. */
    static void place(int j, ShardResult[] r, int slices, Storage gradient, GradientSum rest) {
        ShardResult s = r[0];
        int offset = from(j, slices, gradient.length());
        if (s.gradFloat != null) {
            gradient.copyFrom(s.gradFloat, 0, offset, s.gradFloat.length);
        } else if (s.gradDouble != null) {
            gradient.copyFrom(s.gradDouble, 0, offset, s.gradDouble.length);
        } else if (s.gradBfloat16 != null) {
            gradient.copyFrom(Bfloat16.widen(s.gradBfloat16, gradient.precision()), 0, offset, s.gradBfloat16.length);
        }
        for (int i = 1; i < r.length; i++) {
            rest.accept(r[i].partition, r[i]);
        }
    }

    /**
     * The totals of the shards' other results with the gradient the slices were copied into. A
     * field added to {@link StepTotals} is passed on here (the compiler points at this line).
     */
    static StepTotals withGradient(StepTotals t, Storage gradient) {
        return new StepTotals(
                gradient,
                t.lossSum(),
                t.lossCount(),
                t.correct(),
                t.examples(),
                t.buffers(),
                t.computeNanosMax(),
                t.computeNanosTotal(),
                t.functionSum());
    }

    /**
     * Each step's shuffle holds P parameter vectors on the executors' disks: removed as soon as the
     * step's job is done, not when the driver's garbage collector happens to find the RDD.
     */
    private static void cleanShuffle(SparkContext sc, JavaPairRDD<Integer, ShardResult> shuffled) {
        if (shuffled.rdd() instanceof ShuffledRDD<?, ?, ?> rdd && sc.cleaner().isDefined()) {
            var dependency = (org.apache.spark.ShuffleDependency<?, ?, ?>)
                    rdd.dependencies().head();
            sc.cleaner().get().doCleanupShuffle(dependency.shuffleId(), false);
        }
    }

    /** Slice j's records go to reducer j, the shards' other results (key S) to reducer 0. */
    static final class SlicePartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int slices;

        SlicePartitioner(int slices) {
            this.slices = slices;
        }

        @Override
        public int numPartitions() {
            return slices;
        }

        @Override
        public int getPartition(Object key) {
            int k = (Integer) key;
            return k == slices ? 0 : k;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SlicePartitioner s && s.slices == slices;
        }

        @Override
        public int hashCode() {
            return slices;
        }
    }

    @Override
    public String hops() {
        return "map → reducer, reducer → driver";
    }

    @Override
    public String toString() {
        return "reduce-scatter";
    }
}
