package io.sparknn.trainer.spark;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.train.GradientSum;
import io.sparknn.engine.train.ShardComputation;
import io.sparknn.engine.train.ShardResult;
import io.sparknn.engine.train.ShardWork;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.engine.train.StepPlan;
import io.sparknn.engine.train.StreamCarry;
import io.sparknn.engine.train.Streams;
import io.sparknn.engine.train.Weights;
import io.sparknn.trainer.data.DistributedText;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Function1;
import scala.Tuple2;

/**
 * Stateful truncated BPTT on Spark: the streams' partitions are cached, and each step is one job
 * ({@link SparkStep}) whose tasks compute their partition's window with the broadcast weights.
 * Each task's carried state travels inside that task alone: the step's states are a small RDD of
 * one slice per partition, zipped with the streams, so a task ships its own streams' state and
 * not every stream's ({@link StatefulGradientSource} holds the whole state on the driver).
 */
public final class SparkStatefulGradientSource extends StatefulGradientSource implements StepTraffic.Recorded {
    private final JavaSparkContext sc;
    private final JavaRDD<Streams> rdd;
    /** Windows per chunk of a partition's streams, and chunks per partition ({@code rdd}'s partition p·chunks + c). */
    private final int chunkWindows;

    private final int chunks;
    private final int threads;
    private final RecordedSteps steps;

    private SparkStatefulGradientSource(
            JavaSparkContext sc,
            List<Streams> parts,
            NetworkSpec spec,
            Precision precision,
            int threads,
            StreamCarry carry) {
        super(parts, spec, precision, carry);
        this.sc = sc;
        this.threads = threads;
        this.rdd = sc.parallelize(parts, parts.size()).persist(StorageLevel.MEMORY_ONLY());
        this.chunkWindows = windows();
        this.chunks = 1;
        this.steps = new RecordedSteps(sc);
        sc.setJobDescription("cache training streams");
        rdd.count();
    }

    private SparkStatefulGradientSource(
            JavaSparkContext sc,
            JavaRDD<Streams> cached,
            int[] firstStream,
            int[] streamCount,
            int windows,
            int chunkWindows,
            NetworkSpec spec,
            Precision precision,
            int threads) {
        super(firstStream, streamCount, windows, spec, precision, null);
        if (chunkWindows < 1 || cached.getNumPartitions() % firstStream.length != 0) {
            throw new IllegalArgumentException("chunks of " + chunkWindows + " windows in " + cached.getNumPartitions()
                    + " partitions for " + firstStream.length);
        }
        this.sc = sc;
        this.threads = threads;
        this.rdd = cached;
        this.chunkWindows = chunkWindows;
        this.chunks = cached.getNumPartitions() / firstStream.length;
        this.steps = new RecordedSteps(sc);
    }

    /**
     * Streams already cut and cached where they live ({@link DistributedText#streams}): the driver
     * holds their layout only. Partition p's streams ({@code streamCount[p]} from {@code
     * firstStream[p]} on) are in chunks of windows, {@code parts.rdd()}'s partitions p·chunks …
     * p·chunks + chunks − 1, chunk c holding windows [c·chunkWindows, …); a step's task reads the
     * chunk of its window only. Closing the source unpersists the streams.
     */
    public static SparkStatefulGradientSource spark(
            JavaSparkContext sc,
            DistributedText.StreamParts parts,
            NetworkSpec spec,
            Precision precision,
            int threadsPerTask) {
        return new SparkStatefulGradientSource(
                sc,
                parts.rdd(),
                parts.firstStream(),
                parts.streamCount(),
                parts.windows(),
                parts.chunkWindows(),
                spec,
                precision,
                threadsPerTask);
    }

    /** The streams' partitions on Spark, one task per partition and step. */
    public static SparkStatefulGradientSource spark(
            JavaSparkContext sc, List<Streams> parts, NetworkSpec spec, Precision precision, int threadsPerTask) {
        return new SparkStatefulGradientSource(sc, parts, spec, precision, threadsPerTask, null);
    }

    /** With values of {@code carry}'s carried per stream beside the recurrent state. */
    public static SparkStatefulGradientSource spark(
            JavaSparkContext sc,
            List<Streams> parts,
            NetworkSpec spec,
            Precision precision,
            int threadsPerTask,
            StreamCarry carry) {
        return new SparkStatefulGradientSource(sc, parts, spec, precision, threadsPerTask, carry);
    }

    @Override
    public long lastBroadcastNanos() {
        return steps.lastBroadcastNanos();
    }

    @Override
    protected void computeShards(
            StepPlan plan, Weights w, double[][] state, double[][] carried, ShardWork work, GradientSum sum) {
        List<double[][]> own = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            own.add(new double[][] {state[p], carried[p]});
        }
        JavaRDD<Tuple2<Streams, double[][]>> withState = chunkOf(plan.stepInEpoch())
                .zipPartitions(
                        sc.parallelize(own, partitions),
                        (streams, mine) -> List.of(new Tuple2<>(streams.next(), mine.next()))
                                .iterator());
        int t = threads;
        StreamCarry c = carry;
        steps.run(plan.globalStep(), w, step -> {
            step.run(
                    withState,
                    plan.describe() + ", window " + (plan.stepInEpoch() + 1) + " of " + windows(),
                    (p, it, weights) -> window(p, it.next(), weights, plan, t, c, work),
                    (p, r) -> accept(sum, p, r));
            return null;
        });
    }

    /** The chunk of every partition's streams that holds window w, one partition each, in partition order. */
    private JavaRDD<Streams> chunkOf(int w) {
        if (chunks == 1) {
            return rdd;
        }
        int chunkCount = chunks; // a local, so the function does not capture this source
        int c = w / chunkWindows;
        // whether an index of the cached partitions is chunk c's (Scala 2.13's Function1 takes a lambda)
        Function1<Object, Object> inChunk =
                (Function1<Object, Object> & Serializable) index -> (Integer) index % chunkCount == c;
        return JavaRDD.fromRDD(PartitionPruningRDD.create(rdd.rdd(), inChunk), rdd.classTag());
    }

    /** Runs in the task: borrow a network, compute the partition's window from its streams' state. */
    private static ShardResult window(
            int p,
            Tuple2<Streams, double[][]> streams,
            Weights w,
            StepPlan plan,
            int threads,
            StreamCarry carry,
            ShardWork work) {
        Network net = NetworkCache.borrow(w, threads);
        try {
            return ShardComputation.window(net, streams._1(), plan, streams._2()[0], carry, streams._2()[1], work, p);
        } finally {
            NetworkCache.giveBack(net);
        }
    }

    @Override
    public java.util.Map<StepTraffic.Figure, Number> traffic(long step) {
        return steps.traffic(step);
    }

    @Override
    public void close() {
        steps.close();
        rdd.unpersist(false);
    }
}
