package io.sparknn.trainer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.checkpoint.MetricsLog;
import io.sparknn.trainer.config.TrainingConfig;
import io.sparknn.trainer.spark.StepTraffic;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A step line in {@code metrics.jsonl} and a progress line in the log every {@code log_every}
 * steps and at each epoch's last step (none with {@code log_every} 0): loss, learning rate,
 * gradient norm, samples per second, the step's time split and the training time so far
 * ({@code train_seconds}: the step times of every step, logged or not, summed; a resumed run counts
 * on from its kept lines), with the time left; for a loss with an accuracy, the share of the logged
 * step's batch predicted right in its training pass ({@code train_accuracy}, per token for texts).
 */
final class StepLog implements TrainingLoop.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TrainingConfig training;
    private final MetricsLog metrics;
    private final long totalSteps;
    private long firstStepDoneNanos;
    private long stepsThisRun;
    private double trainSeconds;
    /** What each step moved on Spark, for its line, or null. */
    private LongFunction<Map<StepTraffic.Figure, Number>> traffic;

    /** @param trainSeconds the training time the run's kept metrics lines record (0 for a new run) */
    StepLog(TrainingConfig training, MetricsLog metrics, long totalSteps, double trainSeconds) {
        this.training = training;
        this.metrics = metrics;
        this.totalSteps = totalSteps;
        this.trainSeconds = trainSeconds;
    }

    /** Adds {@code traffic}'s figures for each logged step to its line. */
    StepLog withTraffic(LongFunction<Map<StepTraffic.Figure, Number>> traffic) {
        this.traffic = traffic;
        return this;
    }

    @Override
    public void onStep(StepReport r, TrainingState s) {
        stepsThisRun++;
        trainSeconds += r.stepNanos() / 1e9;
        if (stepsThisRun == 1) {
            firstStepDoneNanos = System.nanoTime();
        }
        boolean lastOfEpoch = r.stepInEpoch() + 1 == r.stepsPerEpoch();
        if (training.logEvery() == 0 || (r.globalStep() % training.logEvery() != 0 && !lastOfEpoch)) {
            return;
        }
        ObjectNode line = line(r, trainSeconds);
        if (traffic != null) {
            traffic.apply(r.globalStep()).forEach((figure, v) -> {
                if (v instanceof Double d) {
                    line.put(figure.key, d);
                } else {
                    line.put(figure.key, v.longValue());
                }
            });
        }
        metrics.append(line.toString() + "\n");
        // the rate since the first step: the first one pays for class loading and JIT warm-up
        double elapsed = (System.nanoTime() - firstStepDoneNanos) / 1e9;
        long remaining = Math.max(0, totalSteps - r.globalStep() - 1);
        String eta = stepsThisRun < 2 ? "-" : duration(elapsed / (stepsThisRun - 1) * remaining);
        LOG.info(String.format(
                Locale.ROOT,
                "epoch %d/%d step %d/%d  loss %.4f  lr %.3g  %,.0f samples/s  ETA %s",
                r.epoch() + 1,
                training.epochs(),
                r.stepInEpoch() + 1,
                r.stepsPerEpoch(),
                r.loss(),
                r.lr(),
                r.samplesPerSecond(),
                remaining == 0 ? duration(0) : eta));
    }

    private static ObjectNode line(StepReport r, double trainSeconds) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "step");
        n.put("step", r.globalStep());
        n.put("epoch", r.epoch() + 1);
        n.put("loss", r.loss());
        n.put("lr", r.lr());
        n.put("examples", r.examples());
        n.put("grad_norm", r.gradientNorm());
        n.put("samples_per_s", r.samplesPerSecond());
        n.put("compute_ms", r.computeNanos() / 1e6);
        n.put("aggregate_ms", r.aggregateNanos() / 1e6);
        n.put("optimizer_ms", r.optimizerNanos() / 1e6);
        n.put("broadcast_ms", r.broadcastNanos() / 1e6);
        n.put("step_ms", r.stepNanos() / 1e6);
        n.put("train_seconds", Math.round(trainSeconds * 1e6) / 1e6);
        if (r.hasAccuracy()) { // classification and binary; regression has none and writes no key
            n.put("train_accuracy", r.accuracy());
        }
        return n;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
