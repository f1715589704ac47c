package io.sparknn.trainer;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.train.GradientSum;
import io.sparknn.engine.train.ShardComputation;
import io.sparknn.engine.train.ShardResult;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.engine.train.StepPlan;
import io.sparknn.engine.train.Streams;
import io.sparknn.engine.train.Weights;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.collection.Iterator;
import scala.collection.immutable.Seq;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Stateful truncated BPTT on Spark: the streams' partitions are cached, and each step is one job
 * whose tasks compute their partition's window from the carried state broadcast with the weights
 * ({@link StatefulGradientSource} holds that state on the driver).
 */
public final class SparkStatefulGradientSource extends StatefulGradientSource {
    private final JavaSparkContext sc;
    private final JavaRDD<Streams> rdd;
    private final String specText;
    private final Precision precision;
    private final int threads;
    private long broadcastNanos;

    private SparkStatefulGradientSource(JavaSparkContext sc, List<Streams> parts, NetworkSpec spec, Precision precision,
                                        int threads) {
        super(parts, spec, precision);
        this.sc = sc;
        this.specText = spec.toText();
        this.precision = precision;
        this.threads = threads;
        this.rdd = sc.parallelize(parts, parts.size()).persist(StorageLevel.MEMORY_ONLY());
        sc.setJobDescription("cache training streams");
        rdd.count();
    }

    /** The streams' partitions on Spark, one task per partition and step. */
    public static SparkStatefulGradientSource spark(JavaSparkContext sc, List<Streams> parts, NetworkSpec spec,
                                                    Precision precision, int threadsPerTask) {
        return new SparkStatefulGradientSource(sc, parts, spec, precision, threadsPerTask);
    }

    @Override
    public long lastBroadcastNanos() {
        return broadcastNanos;
    }

    @Override
    protected void computeShards(StepPlan plan, Weights w, GradientSum sum) {
        long t0 = System.nanoTime();
        Broadcast<Weights> bc = sc.broadcast(w);
        broadcastNanos = System.nanoTime() - t0;
        sc.setJobDescription(plan.describe() + ", window " + (plan.stepInEpoch() + 1) + " of " + windows());
        try {
            List<Object> ids = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                ids.add(i);
            }
            Seq<Object> seq = scala.jdk.javaapi.CollectionConverters.asScala(ids).toSeq();
            sc.sc().runJob(rdd.rdd(), new Task(specText, precision, threads, plan, bc, stateSize), seq,
                    new Collect(this, sum), ClassTag$.MODULE$.apply(ShardResult.class));
        } finally {
            long t1 = System.nanoTime();
            bc.destroy();
            broadcastNanos += System.nanoTime() - t1;
        }
    }

    @Override
    public void close() {
        rdd.unpersist(false);
    }

    /** Runs in the task: borrow a network, load the weights, compute the partition's window. */
    static final class Task extends AbstractFunction2<TaskContext, Iterator<Streams>, ShardResult> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String specText;
        private final Precision precision;
        private final int threads;
        private final StepPlan plan;
        private final Broadcast<Weights> weights;
        private final int stateSize;

        Task(String specText, Precision precision, int threads, StepPlan plan, Broadcast<Weights> weights, int stateSize) {
            this.specText = specText;
            this.precision = precision;
            this.threads = threads;
            this.plan = plan;
            this.weights = weights;
            this.stateSize = stateSize;
        }

        @Override
        public ShardResult apply(TaskContext ctx, Iterator<Streams> it) {
            Streams s = it.next();
            Network net = NetworkCache.borrow(specText, precision, threads);
            try {
                Weights w = weights.value();
                w.loadInto(net);
                return ShardComputation.window(net, s, plan, w.state, stateSize, ctx.partitionId());
            } finally {
                NetworkCache.giveBack(net);
            }
        }
    }

    /** Driver side: stores each task's final state and hands its sums to the ordered sum. */
    static final class Collect extends AbstractFunction2<Object, ShardResult, BoxedUnit> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final transient SparkStatefulGradientSource source;
        private final transient GradientSum sum;

        Collect(SparkStatefulGradientSource source, GradientSum sum) {
            this.source = source;
            this.sum = sum;
        }

        @Override
        public BoxedUnit apply(Object partition, ShardResult r) {
            source.accept(sum, (Integer) partition, r);
            return BoxedUnit.UNIT;
        }
    }
}
