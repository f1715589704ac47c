package io.sparknn.bench;

import io.sparknn.trainer.spark.StepTraffic;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The events a {@link StepTraffic} handles, recorded as the bus delivers them from the first
 * training step numbered {@code from} on, and replayed into a detached {@link StepTraffic} to time
 * its handlers apart from the bus, the tasks and the other threads that share the cores with them.
 */
final class EventTape extends SparkListener {
    private final long from;
    private final List<SparkListenerEvent> events = new ArrayList<>();
    private boolean recording;

    EventTape(long from) {
        this.from = from;
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart e) {
        String step = e.properties() == null ? null : e.properties().getProperty(StepTraffic.STEP);
        recording |= step != null && Long.parseLong(step) >= from;
        record(e);
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
        record(e);
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd e) {
        record(e);
    }

    @Override
    public synchronized void onBlockUpdated(SparkListenerBlockUpdated e) {
        record(e);
    }

    private void record(SparkListenerEvent e) {
        if (recording) {
            events.add(e);
        }
    }

    /**
     * Nanoseconds the handlers of a {@link StepTraffic} take for the whole tape, the median over
     * {@code replays} fresh detached listeners fed the recorded events on this thread (each fresh,
     * so its maps hold what a run's do), after as many replays to warm the code up; NaN when nothing
     * was recorded.
     */
    synchronized double replayNanos(SparkContext sc, int replays) {
        if (events.isEmpty()) {
            return Double.NaN;
        }
        replay(sc, replays);
        return new Stats(replay(sc, replays)).median();
    }

    private double[] replay(SparkContext sc, int replays) {
        List<StepTraffic> fresh = new ArrayList<>(replays);
        for (int r = 0; r < replays; r++) {
            StepTraffic traffic = StepTraffic.attach(sc);
            traffic.close(); // detached: only this thread calls it
            fresh.add(traffic);
        }
        double[] nanos = new double[replays];
        for (int r = 0; r < replays; r++) {
            StepTraffic traffic = fresh.get(r);
            long t0 = System.nanoTime();
            for (SparkListenerEvent e : events) {
                if (e instanceof SparkListenerJobStart s) {
                    traffic.onJobStart(s);
                } else if (e instanceof SparkListenerTaskEnd t) {
                    traffic.onTaskEnd(t);
                } else if (e instanceof SparkListenerJobEnd j) {
                    traffic.onJobEnd(j);
                } else if (e instanceof SparkListenerBlockUpdated b) {
                    traffic.onBlockUpdated(b);
                }
            }
            nanos[r] = System.nanoTime() - t0;
        }
        return nanos;
    }
}
