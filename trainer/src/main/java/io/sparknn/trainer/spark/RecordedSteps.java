package io.sparknn.trainer.spark;

import io.sparknn.engine.train.Weights;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark side of a gradient source's steps: each step's weights broadcast ({@link SparkStep})
 * and its jobs recorded under the step's number ({@link StepTraffic}), the broadcast's time kept
 * for the step's report. One per source; closing it detaches the listener.
 */
final class RecordedSteps implements AutoCloseable {
    private final JavaSparkContext sc;
    private final StepTraffic traffic;
    private long broadcastNanos;

    RecordedSteps(JavaSparkContext sc) {
        this.sc = sc;
        this.traffic = StepTraffic.attach(sc.sc());
    }

    /** Runs step {@code globalStep}'s jobs with {@code weights} broadcast; the broadcast is freed after. */
    <R> R run(long globalStep, Weights weights, Function<SparkStep<Weights>, R> jobs) {
        StepTraffic.begin(sc.sc(), globalStep);
        SparkStep<Weights> step = SparkStep.broadcast(sc, weights);
        try {
            return jobs.apply(step);
        } finally {
            step.close();
            broadcastNanos = step.broadcastNanos();
            StepTraffic.end(sc.sc());
        }
    }

    /** The last step's broadcast time. */
    long lastBroadcastNanos() {
        return broadcastNanos;
    }

    /** Step {@code step}'s figures, once the listener has seen its jobs end. */
    Map<StepTraffic.Figure, Number> traffic(long step) {
        return traffic.of(step, StepTraffic.WAIT_MILLIS);
    }

    @Override
    public void close() {
        traffic.close();
    }
}
