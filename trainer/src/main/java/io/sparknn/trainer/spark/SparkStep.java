package io.sparknn.trainer.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.immutable.Seq;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The one way the trainer runs work on its partitions: broadcast a value (the weights), run one
 * Spark job with a task per partition, hand each task's result to the driver with its partition
 * index, and destroy the broadcast when closed. Plain and stateful training steps, evaluation and
 * prediction go through it, so the broadcast's life, the partition ids and the result path are
 * written once.
 *
 * <p>Results reach the handler in the order tasks finish; a caller that adds them does so in
 * partition order ({@link io.sparknn.engine.train.GradientSum}), or uses {@link #collect}.
 *
 * @param <B> the broadcast value
 */
public final class SparkStep<B> implements AutoCloseable {
    private final JavaSparkContext sc;
    private final Broadcast<B> value;
    private long broadcastNanos;

    private SparkStep(JavaSparkContext sc, B value) {
        this.sc = sc;
        long t0 = System.nanoTime();
        this.value = sc.broadcast(value);
        this.broadcastNanos = System.nanoTime() - t0;
    }

    /** Broadcasts {@code value} for the jobs of this step. */
    public static <B> SparkStep<B> broadcast(JavaSparkContext sc, B value) {
        return new SparkStep<>(sc, value);
    }

    /** What a task computes from its partition's rows and the broadcast value. */
    @FunctionalInterface
    public interface PartitionTask<T, B, R> extends Serializable {
        R compute(int partition, Iterator<T> rows, B value);
    }

    /** Receives a task's result on the driver, in the order tasks finish. */
    @FunctionalInterface
    public interface ResultHandler<R> {
        void accept(int partition, R result);
    }

    /** The broadcast, for a job this class does not run itself (a distributed write). */
    public Broadcast<B> value() {
        return value;
    }

    /** Time spent broadcasting and (once closed) destroying the value. */
    public long broadcastNanos() {
        return broadcastNanos;
    }

    /** One job over every partition of {@code rdd}; each result goes to {@code handler}. */
    public <T, R> void run(JavaRDD<T> rdd, String description, PartitionTask<T, B, R> task, ResultHandler<R> handler) {
        int partitions = rdd.getNumPartitions();
        List<Object> ids = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            ids.add(i);
        }
        Seq<Object> seq = scala.jdk.javaapi.CollectionConverters.asScala(ids).toSeq();
        sc.setJobDescription(description);
        sc.sc()
                .runJob(
                        rdd.rdd(),
                        new Task<>(task, value),
                        seq,
                        new Handler<>(handler),
                        ClassTag$.MODULE$.apply(Object.class));
    }

    /** One job over every partition of {@code rdd}; the results in partition order. */
    public <T, R> List<R> collect(JavaRDD<T> rdd, String description, PartitionTask<T, B, R> task) {
        List<R> results = new ArrayList<>();
        for (int i = 0; i < rdd.getNumPartitions(); i++) {
            results.add(null);
        }
        run(rdd, description, task, (p, r) -> {
            synchronized (results) {
                results.set(p, r);
            }
        });
        return results;
    }

    /** Destroys the broadcast on the driver and the executors. */
    @Override
    public void close() {
        long t0 = System.nanoTime();
        value.destroy();
        broadcastNanos += System.nanoTime() - t0;
    }

    /** Runs in the task: the partition's rows and the broadcast value to the caller's task. */
    private static final class Task<T, B, R>
            extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final PartitionTask<T, B, R> task;
        private final Broadcast<B> value;

        Task(PartitionTask<T, B, R> task, Broadcast<B> value) {
            this.task = task;
            this.value = value;
        }

        @Override
        public Object apply(TaskContext ctx, scala.collection.Iterator<T> rows) {
            return task.compute(ctx.partitionId(), scala.jdk.javaapi.CollectionConverters.asJava(rows), value.value());
        }
    }

    /** Driver side: each task's result with its partition index. */
    private static final class Handler<R> extends AbstractFunction2<Object, Object, BoxedUnit> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final transient ResultHandler<R> handler;

        Handler(ResultHandler<R> handler) {
            this.handler = handler;
        }

        @Override
        @SuppressWarnings("unchecked")
        public BoxedUnit apply(Object partition, Object result) {
            handler.accept((Integer) partition, (R) result);
            return BoxedUnit.UNIT;
        }
    }
}
