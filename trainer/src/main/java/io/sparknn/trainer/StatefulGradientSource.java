package io.sparknn.trainer;

import io.sparknn.engine.Batch;
import io.sparknn.engine.DoubleStorage;
import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.LossResult;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.loss.Targets;
import io.sparknn.trainer.sequence.Streams;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Stateful truncated BPTT: the batch of step t of an epoch is window t of every stream (stream
 * order, in place of the per-epoch permutation), and each window starts from the final state of
 * the stream's previous window. Tasks keep nothing between steps (a partition's next task may run
 * on another executor): the driver holds the state of every stream, broadcasts it with the
 * weights, and each task returns its streams' final state with its gradient sums. The state is
 * zero at the start of every epoch (the streams start over) and is part of a checkpoint
 * ({@link #state()}, {@link #restoreState}).
 *
 * <p>On Spark the partitions' sums are added in partition order ({@link GradientSum}); the
 * single-process variant runs the same partitions one after another in this JVM, so the two agree
 * bit for bit for the same partitioning.
 */
public final class StatefulGradientSource implements GradientSource {
    private final JavaSparkContext sc;
    private final JavaRDD<Streams> rdd;
    private final List<Streams> local;
    private final Network localNet;
    private final String specText;
    private final Precision precision;
    private final int threads;
    private final int partitions;
    private final int streams;
    private final int windows;
    private final int stateSize;
    private final double[] state;
    /** The first stream of each partition: where its state rows start. */
    private final int[] firstStream;
    private long broadcastNanos;

    private StatefulGradientSource(JavaSparkContext sc, List<Streams> parts, NetworkSpec spec, Precision precision,
                                   int threads, boolean onSpark) {
        this.sc = sc;
        this.specText = spec.toText();
        this.precision = precision;
        this.threads = threads;
        this.partitions = parts.size();
        this.streams = parts.stream().mapToInt(Streams::count).sum();
        this.windows = parts.get(0).windows();
        this.firstStream = parts.stream().mapToInt(Streams::first).toArray();
        try (Network probe = Network.create(spec, Network.Options.of(precision, 1), 0)) {
            this.stateSize = probe.stateSize();
        }
        if (stateSize == 0) {
            throw new TrainingException(TrainingException.Kind.BAD_CONFIG,
                    "stateful training needs a recurrent layer (lstm or gru) in the network");
        }
        this.state = new double[streams * stateSize];
        if (onSpark) {
            this.rdd = sc.parallelize(parts, parts.size()).persist(StorageLevel.MEMORY_ONLY());
            sc.setJobDescription("cache training streams");
            rdd.count();
            this.local = null;
            this.localNet = null;
        } else {
            this.rdd = null;
            this.local = List.copyOf(parts);
            this.localNet = Network.create(spec, Network.Options.of(precision, threads), 0);
        }
    }

    /** The streams' partitions on Spark, one task per partition and step. */
    public static StatefulGradientSource spark(JavaSparkContext sc, List<Streams> parts, NetworkSpec spec,
                                               Precision precision, int threadsPerTask) {
        return new StatefulGradientSource(sc, parts, spec, precision, threadsPerTask, true);
    }

    /** The same partitions computed one after another in this process (the reference). */
    public static StatefulGradientSource local(List<Streams> parts, NetworkSpec spec, Precision precision, int threads) {
        return new StatefulGradientSource(null, parts, spec, precision, threads, false);
    }

    /** Streams: the batch size of every step. */
    public int streams() {
        return streams;
    }

    /** Windows per stream: the steps of an epoch. */
    public int windows() {
        return windows;
    }

    /** The carried state of every stream, rows of {@code stateSize} values (a copy). */
    public double[] state() {
        return state.clone();
    }

    /** Continues from a checkpoint's state; null means zero (a checkpoint written at an epoch start or before this existed). */
    public void restoreState(double[] saved) {
        if (saved == null) {
            Arrays.fill(state, 0);
            return;
        }
        if (saved.length != state.length) {
            // the checkpoint, not the config, is what cannot continue here: as any other refused resume
            throw new ResumeRefusedException("the checkpoint holds " + saved.length + " stream state values, the run needs "
                    + state.length + " (" + streams + " streams of " + stateSize + ")");
        }
        System.arraycopy(saved, 0, state, 0, state.length);
    }

    @Override
    public long examples() {
        return (long) streams * windows;
    }

    @Override
    public long lastBroadcastNanos() {
        return broadcastNanos;
    }

    @Override
    public StepTotals compute(StepPlan plan, Storage params, Storage buffers) {
        if (plan.batchSize() != streams) {
            throw new TrainingException(TrainingException.Kind.BAD_CONFIG,
                    "stateful training takes one window of every stream per step: batch size "
                    + plan.batchSize() + " must equal the " + streams + " streams");
        }
        if (plan.stepInEpoch() == 0) {
            Arrays.fill(state, 0); // every stream starts over
        }
        Weights w = Weights.of(params, buffers);
        w.state = state;
        GradientSum sum = new GradientSum(precision, params.length(), buffers.length(), partitions);
        if (local != null) {
            for (int p = 0; p < partitions; p++) {
                w.loadInto(localNet);
                accept(sum, p, shard(localNet, local.get(p), plan, w.state, stateSize, p));
            }
        } else {
            long t0 = System.nanoTime();
            Broadcast<Weights> bc = sc.broadcast(w);
            broadcastNanos = System.nanoTime() - t0;
            sc.setJobDescription(plan.describe() + ", window " + (plan.stepInEpoch() + 1) + " of " + windows);
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
        return sum.totals();
    }

    private synchronized void accept(GradientSum sum, int partition, ShardResult r) {
        // r.state: the final state of the partition's streams, rows from its first stream on
        System.arraycopy(r.state, 0, state, firstStream[partition] * stateSize, r.state.length);
        sum.accept(partition, r);
    }

    /** Window {@code plan.stepInEpoch()} of the streams held, from their carried state; returns their final state too. */
    static ShardResult shard(Network net, Streams s, StepPlan plan, double[] allState, int stateSize, int partition) {
        if (s.count() == 0) { // more partitions than streams
            ShardResult none = ShardResult.empty(partition);
            none.state = new double[0];
            return none;
        }
        long start = System.nanoTime();
        int w = plan.stepInEpoch();
        int n = s.count();
        int off = s.first() * stateSize;
        Storage st = Storage.of(net.precision(), Arrays.copyOfRange(allState, off, off + n * stateSize));
        float[] ids = new float[n * s.window()];
        s.inputs(w, ids);
        Storage x = Storage.allocate(net.precision(), ids.length);
        x.copyFrom(ids, 0, 0, ids.length);
        long[] exampleIds = new long[n];
        for (int i = 0; i < n; i++) {
            exampleIds[i] = (long) (s.first() + i) * s.windows() + w;
        }
        Batch b = new Batch(x, n, Targets.labels(s.labels(w)), exampleIds, plan.seed(), plan.globalStep());
        LossResult loss = net.computeGradients(b, st);
        ShardResult r = ShardResult.empty(partition);
        r.examples = n;
        r.lossSum = loss.sum();
        r.lossCount = loss.count();
        Storage g = net.gradients();
        if (g instanceof FloatStorage f) {
            r.gradFloat = f.data.clone();
        } else {
            r.gradDouble = ((DoubleStorage) g).data.clone();
        }
        if (net.buffers().length() > 0) {
            r.buffers = net.buffers().toDoubles();
        }
        r.state = st.toDoubles();
        r.computeNanos = System.nanoTime() - start;
        return r;
    }

    @Override
    public void close() {
        if (localNet != null) {
            localNet.close();
        }
        if (rdd != null) {
            rdd.unpersist(false);
        }
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
                return shard(net, s, plan, w.state, stateSize, ctx.partitionId());
            } finally {
                NetworkCache.giveBack(net);
            }
        }
    }

    /** Driver side: stores each task's final state and hands its sums to the ordered sum. */
    static final class Collect extends AbstractFunction2<Object, ShardResult, BoxedUnit> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final transient StatefulGradientSource source;
        private final transient GradientSum sum;

        Collect(StatefulGradientSource source, GradientSum sum) {
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
