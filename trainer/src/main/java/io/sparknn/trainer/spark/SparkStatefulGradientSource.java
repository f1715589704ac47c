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
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
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
    private final int threads;
    private long broadcastNanos;
    private final StepTraffic traffic;

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
        this.traffic = StepTraffic.attach(sc.sc());
        sc.setJobDescription("cache training streams");
        rdd.count();
    }

    private SparkStatefulGradientSource(
            JavaSparkContext sc,
            JavaRDD<Streams> cached,
            int[] firstStream,
            int[] streamCount,
            int windows,
            NetworkSpec spec,
            Precision precision,
            int threads) {
        super(firstStream, streamCount, windows, spec, precision, null);
        this.sc = sc;
        this.threads = threads;
        this.rdd = cached;
        this.traffic = StepTraffic.attach(sc.sc());
    }

    /**
     * Streams already cut and cached where they live (one {@link Streams} per partition, partition
     * p holding {@code streamCount[p]} streams from {@code firstStream[p]} on): the driver holds
     * their layout only. Closing the source unpersists {@code cached}.
     */
    public static SparkStatefulGradientSource spark(
            JavaSparkContext sc,
            JavaRDD<Streams> cached,
            int[] firstStream,
            int[] streamCount,
            int windows,
            NetworkSpec spec,
            Precision precision,
            int threadsPerTask) {
        return new SparkStatefulGradientSource(
                sc, cached, firstStream, streamCount, windows, spec, precision, threadsPerTask);
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
        return broadcastNanos;
    }

    @Override
    protected void computeShards(
            StepPlan plan, Weights w, double[][] state, double[][] carried, ShardWork work, GradientSum sum) {
        List<double[][]> own = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            own.add(new double[][] {state[p], carried[p]});
        }
        JavaRDD<Tuple2<Streams, double[][]>> withState = rdd.zipPartitions(
                sc.parallelize(own, partitions),
                (streams, mine) ->
                        List.of(new Tuple2<>(streams.next(), mine.next())).iterator());
        int t = threads;
        StreamCarry c = carry;
        StepTraffic.begin(sc.sc(), plan.globalStep());
        SparkStep<Weights> step = SparkStep.broadcast(sc, w);
        try {
            step.run(
                    withState,
                    plan.describe() + ", window " + (plan.stepInEpoch() + 1) + " of " + windows(),
                    (p, it, weights) -> window(p, it.next(), weights, plan, t, c, work),
                    (p, r) -> accept(sum, p, r));
        } finally {
            step.close();
            broadcastNanos = step.broadcastNanos();
            StepTraffic.end(sc.sc());
        }
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
        return traffic.of(step, StepTraffic.WAIT_MILLIS);
    }

    @Override
    public void close() {
        traffic.close();
        rdd.unpersist(false);
    }
}
