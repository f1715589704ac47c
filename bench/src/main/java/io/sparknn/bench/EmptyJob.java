package io.sparknn.bench;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.collection.immutable.Seq;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The floor a synchronous step cannot go below on Spark: one job over an RDD with as many
 * partitions as the training RDD, each holding a single small element, that broadcasts a parameter-sized float[] and returns a parameter-sized float[]
 * created inside each task, collected as the trainer collects (runJob with a result handler),
 * the broadcast destroyed afterwards. Nothing is computed; the RDD is cached, as the training
 * data is.
 */
final class EmptyJob {
    private final JavaSparkContext sc;
    private final JavaRDD<Integer> rdd;
    private final Seq<Object> partitions;
    private final float[] params;

    EmptyJob(JavaSparkContext sc, int partitions, int paramCount) {
        this.sc = sc;
        List<Integer> one = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            one.add(i);
        }
        this.rdd = sc.parallelize(one, partitions).cache();
        rdd.count();
        this.params = new float[paramCount];
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < rdd.getNumPartitions(); i++) {
            ids.add(i);
        }
        this.partitions = scala.jdk.javaapi.CollectionConverters.asScala(ids).toSeq();
    }

    /** Runs the job once; returns its wall time in nanoseconds. */
    long run() {
        long t0 = System.nanoTime();
        // a fresh copy, as the trainer broadcasts a copy of the current parameters
        Broadcast<float[]> bc = sc.broadcast(params.clone());
        float[][] results = new float[rdd.getNumPartitions()][];
        sc.setJobDescription("empty job (floor)");
        try {
            sc.sc()
                    .runJob(
                            rdd.rdd(),
                            new Task(bc),
                            partitions,
                            new Keep(results),
                            ClassTag$.MODULE$.apply(float[].class));
        } finally {
            bc.destroy();
        }
        long t = System.nanoTime() - t0;
        for (float[] r : results) {
            if (r == null || r.length != params.length) {
                throw new IllegalStateException("empty job lost a result");
            }
        }
        return t;
    }

    static final class Task extends AbstractFunction2<TaskContext, Iterator<Integer>, float[]> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Broadcast<float[]> weights;

        Task(Broadcast<float[]> weights) {
            this.weights = weights;
        }

        @Override
        public float[] apply(TaskContext ctx, Iterator<Integer> it) {
            float[] w = weights.value();
            float[] out = new float[w.length];
            out[0] = w[0];
            return out;
        }
    }

    static final class Keep extends AbstractFunction2<Object, float[], BoxedUnit> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final transient float[][] results;

        Keep(float[][] results) {
            this.results = results;
        }

        @Override
        public BoxedUnit apply(Object partition, float[] r) {
            results[(Integer) partition] = r;
            return BoxedUnit.UNIT;
        }
    }
}
