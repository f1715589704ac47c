package io.sparknn.trainer.spark;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.storage.BlockUpdatedInfo;
import org.apache.spark.storage.BroadcastBlockId;

/**
 * What each training step moves and where its tasks spend their time, from Spark's own metrics: a
 * {@link SparkListener} whose events arrive asynchronously, attributed to a step by the job they
 * belong to (a step's jobs carry the local property {@link #STEP}, set by {@link #begin}).
 *
 * <p>Per step, as {@code spark_…} keys of the step's line: the tasks' results into the driver
 * ({@code spark_driver_in_bytes}: Spark's task result sizes, the channel depth 1 fills with P
 * gradients), the broadcast pieces the executors stored ({@code spark_broadcast_bytes}: the weights
 * going out, fetched from the driver or from each other; 0 in local mode, where the executors are
 * the driver), shuffle bytes written and read, and the tasks' scheduler delay, deserialisation and
 * run time, summed over the step's tasks (task-milliseconds, Spark's definitions as its UI shows
 * them). {@code spark_listener_ms} is the wall time this listener's handlers took for the step's
 * {@code spark_listener_events} events (on an oversubscribed machine it also counts waiting for a
 * core). They are measurements: they vary from run to run.
 *
 * <p>The handlers run on Spark's listener thread for every event of the application, so each does
 * the least it can: a step's events add a few numbers under the lock; other events return after
 * one lookup. They time themselves with {@link System#nanoTime} only (about 20 ns a call here): the
 * thread's CPU clock ({@code ThreadMXBean}), which an earlier version read twice an event, costs
 * 0.2–0.6 µs a call on this machine, more than a warm handler's own work.
 */
public final class StepTraffic extends SparkListener implements AutoCloseable {
    /** The local property naming the training step a job belongs to. */
    public static final String STEP = "sparknn.step";
    /** How long a step line waits for the bus to deliver its step's last events. */
    public static final long WAIT_MILLIS = 2000;
    /** How many steps' figures are kept for {@link #of}; older ones are dropped. */
    private static final int KEPT = 256;

    private final SparkContext sc;
    private final TreeMap<Long, Figures> steps = new TreeMap<>();
    private final Map<Integer, Long> stageSteps = new LinkedHashMap<>();
    private final Map<Integer, Long> jobSteps = new LinkedHashMap<>();
    /** The step of the last job that started: broadcast pieces stored now belong to it. */
    private long current = -1;

    private StepTraffic(SparkContext sc) {
        this.sc = sc;
    }

    /** A listener on {@code sc}'s bus until {@link #close}. */
    public static StepTraffic attach(SparkContext sc) {
        StepTraffic t = new StepTraffic(sc);
        sc.addSparkListener(t);
        return t;
    }

    /** The jobs this thread starts belong to {@code step}, until {@link #end}. */
    public static void begin(SparkContext sc, long step) {
        sc.setLocalProperty(STEP, Long.toString(step));
    }

    /** The jobs this thread starts belong to no step. */
    public static void end(SparkContext sc) {
        sc.setLocalProperty(STEP, null);
    }

    /** A gradient source whose steps this listener records. */
    public interface Recorded {
        /** Step {@code step}'s figures (empty when not recorded). */
        Map<Figure, Number> traffic(long step);
    }

    /** What the listener records per step, each under its {@code metrics.jsonl} key. */
    public enum Figure {
        TASKS("spark_tasks"),
        DRIVER_IN_BYTES("spark_driver_in_bytes"),
        BROADCAST_BYTES("spark_broadcast_bytes"),
        SHUFFLE_WRITE_BYTES("spark_shuffle_write_bytes"),
        SHUFFLE_READ_BYTES("spark_shuffle_read_bytes"),
        SCHEDULER_DELAY_MS("spark_scheduler_delay_ms"),
        DESERIALIZE_MS("spark_deserialize_ms"),
        EXECUTOR_RUN_MS("spark_executor_run_ms"),
        LISTENER_EVENTS("spark_listener_events"),
        LISTENER_MS("spark_listener_ms");

        /** The key of a step line. */
        public final String key;

        Figure(String key) {
            this.key = key;
        }
    }

    /** One step's figures, as the listener adds them up. */
    static final class Figures {
        int jobsStarted;
        int jobsEnded;
        long tasks;
        long resultBytes;
        long broadcastBytes;
        long shuffleWriteBytes;
        long shuffleReadBytes;
        long schedulerDelayMs;
        long deserializeMs;
        long executorRunMs;
        long events;
        long listenerNanos;

        boolean complete() {
            return jobsStarted > 0 && jobsEnded == jobsStarted;
        }
    }

    private Figures figures(long step) {
        Figures f = steps.get(step);
        if (f == null) {
            f = new Figures();
            steps.put(step, f);
            while (steps.size() > KEPT) {
                steps.pollFirstEntry();
            }
        }
        return f;
    }

    private static void timed(Figures f, long t0) {
        f.events++;
        f.listenerNanos += System.nanoTime() - t0;
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart e) {
        long t0 = System.nanoTime();
        String step = e.properties() == null ? null : e.properties().getProperty(STEP);
        if (step == null) {
            current = -1; // an evaluation's or a checkpoint's job: its broadcast is no step's
            return;
        }
        long s = Long.parseLong(step);
        current = s;
        jobSteps.put(e.jobId(), s);
        scala.collection.Iterator<Object> stages = e.stageIds().iterator();
        while (stages.hasNext()) {
            stageSteps.put((Integer) stages.next(), s);
        }
        Figures f = figures(s);
        f.jobsStarted++;
        timed(f, t0);
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
        long t0 = System.nanoTime();
        Long step = stageSteps.get(e.stageId());
        TaskMetrics m = e.taskMetrics();
        if (step == null || m == null) {
            return;
        }
        Figures f = figures(step);
        f.tasks++;
        f.resultBytes += m.resultSize();
        f.shuffleWriteBytes += m.shuffleWriteMetrics().bytesWritten();
        f.shuffleReadBytes += m.shuffleReadMetrics().totalBytesRead();
        f.deserializeMs += m.executorDeserializeTime();
        f.executorRunMs += m.executorRunTime();
        f.schedulerDelayMs += schedulerDelay(e.taskInfo(), m);
        timed(f, t0);
    }

    /** Spark's scheduler delay: the task's time not spent deserialising, running, serialising or fetching its result. */
    static long schedulerDelay(TaskInfo info, TaskMetrics m) {
        if (info == null || info.finishTime() <= 0) {
            return 0;
        }
        long gettingResult = info.gettingResultTime() > 0 ? info.finishTime() - info.gettingResultTime() : 0;
        long duration = info.finishTime() - info.launchTime();
        return Math.max(
                0,
                duration
                        - m.executorRunTime()
                        - m.executorDeserializeTime()
                        - m.resultSerializationTime()
                        - gettingResult);
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd e) {
        long t0 = System.nanoTime();
        Long step = jobSteps.remove(e.jobId());
        if (step == null) {
            return;
        }
        stageSteps.values().removeIf(s -> s < step);
        Figures f = figures(step);
        f.jobsEnded++;
        timed(f, t0);
        notifyAll();
    }

    @Override
    public synchronized void onBlockUpdated(SparkListenerBlockUpdated e) {
        long t0 = System.nanoTime();
        BlockUpdatedInfo b = e.blockUpdatedInfo();
        // a piece (field "piece<i>") an executor stored; the value itself (field "") is stored unreported
        if (current < 0
                || !(b.blockId() instanceof BroadcastBlockId id)
                || id.field().isEmpty()
                || "driver".equals(b.blockManagerId().executorId())
                || !b.storageLevel().isValid()) {
            return;
        }
        Figures f = figures(current);
        f.broadcastBytes += b.memSize() + b.diskSize();
        timed(f, t0);
    }

    /**
     * Step {@code step}'s figures, once the listener has seen its jobs end (waiting up to
     * {@code waitMillis} for the bus to catch up); empty for a step it never saw.
     */
    public synchronized Map<Figure, Number> of(long step, long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        Figures f = steps.get(step);
        while ((f == null || !f.complete()) && System.nanoTime() < deadline) {
            try {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            f = steps.get(step);
        }
        Map<Figure, Number> out = new EnumMap<>(Figure.class);
        if (f == null) {
            return out;
        }
        out.put(Figure.TASKS, f.tasks);
        out.put(Figure.DRIVER_IN_BYTES, f.resultBytes);
        out.put(Figure.BROADCAST_BYTES, f.broadcastBytes);
        out.put(Figure.SHUFFLE_WRITE_BYTES, f.shuffleWriteBytes);
        out.put(Figure.SHUFFLE_READ_BYTES, f.shuffleReadBytes);
        out.put(Figure.SCHEDULER_DELAY_MS, f.schedulerDelayMs);
        out.put(Figure.DESERIALIZE_MS, f.deserializeMs);
        out.put(Figure.EXECUTOR_RUN_MS, f.executorRunMs);
        out.put(Figure.LISTENER_EVENTS, f.events);
        out.put(Figure.LISTENER_MS, Math.round(f.listenerNanos / 1e3) / 1e3);
        return out;
    }

    /** Stops listening. */
    @Override
    public void close() {
        sc.removeSparkListener(this);
    }
}
