package io.sparknn.bench;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.eval.Evaluator;
import io.sparknn.engine.eval.Metrics;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.StepReport;
import io.sparknn.engine.train.TrainingException;
import io.sparknn.engine.train.TrainingLoop;
import io.sparknn.engine.train.TrainingState;
import io.sparknn.trainer.spark.SparkGradientSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Trains one arm on one seed until the test accuracy reaches the target or the training time
 * reaches the cap, counting the Spark jobs and the bytes the tasks send to the driver.
 *
 * <p>Evaluations run on the driver between steps, outside the clock and the counts. They come
 * after a step once the training time since the last one is at least four times what the last one
 * took (and at least {@link #MIN_EVAL_SECONDS}), so they add at most a quarter to a run's real
 * time whatever the model; the counts at the target are therefore upper bounds within one interval.
 */
final class OptimizerRun {
    /** The shortest training time between two evaluations. */
    static final double MIN_EVAL_SECONDS = 0.5;

    /** Evaluations wait for this many times their own cost in training time. */
    private static final double EVAL_SHARE = 4;

    private final JavaSparkContext sc;
    private final JavaRDD<ExampleBlock> rdd;
    private final Mnist data;
    private final AtomicLong jobs = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** Counts the jobs and task-result bytes of {@code sc} from now on. */
    OptimizerRun(JavaSparkContext sc, JavaRDD<ExampleBlock> rdd, Mnist data) {
        this.sc = sc;
        this.rdd = rdd;
        this.data = data;
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.incrementAndGet();
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskMetrics() != null) {
                    bytes.addAndGet(end.taskMetrics().resultSize());
                }
            }
        });
    }

    /** Thrown by the step listener to end the loop at the target or the cap. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    /** The counts so far of one run. */
    private static final class Progress {
        long nanos;
        long evalNanos;
        long sinceEvalNanos;
        long stepsBelow;
        double secondsBelow;
        long steps;
        double best;
        int evals;
        boolean reached;
    }

    /**
     * Trains {@code arm} from {@code seed}'s initial weights until the test accuracy reaches {@code
     * target} (at or before {@code capSeconds} of training) or the cap. A run that diverges, or
     * whose optimizer fails, ends there as {@link OptimizerResult.Outcome#DIVERGED}: it is a result.
     */
    OptimizerResult run(Models model, OptimizerArm arm, long seed, double target, double capSeconds) {
        long wall0 = System.nanoTime();
        NetworkSpec spec = model.spec();
        Precision p = Precision.FLOAT32;
        ExampleBlock train = data.train();
        OptimizerSpec o = arm.spec();
        int batch = Math.min(arm.batch(), train.n);
        drain();
        long jobs0 = jobs.get();
        long bytes0 = bytes.get();
        long cap = (long) (capSeconds * 1e9);
        Progress at = new Progress();
        OptimizerResult.Outcome outcome = OptimizerResult.Outcome.CAPPED;
        try (Network init = Network.create(spec, Network.Options.of(p, 1), seed);
                Network eval = Network.create(spec, Network.Options.of(p, 2), seed);
                SparkGradientSource source = new SparkGradientSource(sc, rdd, train.n, spec, p, 1)) {
            TrainingState state =
                    new TrainingState(init.parameters().copy(), init.buffers().copy(), o.create(p, spec));
            TrainingLoop loop = new TrainingLoop(
                    new TrainingLoop.Settings(Integer.MAX_VALUE, batch, seed, 0, 0), source, s -> o.lr(), p);
            loop.run(state, new TrainingLoop.Listener() {
                @Override
                public void onStep(StepReport r, TrainingState s) {
                    at.nanos += r.stepNanos();
                    at.sinceEvalNanos += r.stepNanos();
                    // the listener runs after the loop has counted the step: s.globalStep steps are done
                    at.steps = s.globalStep;
                    boolean capped = at.nanos >= cap;
                    if (!capped && at.sinceEvalNanos < Math.max(MIN_EVAL_SECONDS * 1e9, EVAL_SHARE * at.evalNanos)) {
                        return;
                    }
                    long e0 = System.nanoTime();
                    drain();
                    eval.setParameters(s.params.toDoubles());
                    double acc = new Metrics(Evaluator.score(eval, data.test()), List.of()).accuracy();
                    at.evalNanos = System.nanoTime() - e0;
                    at.sinceEvalNanos = 0;
                    at.evals++;
                    at.best = Math.max(at.best, acc);
                    System.out.printf(
                            Locale.ROOT,
                            "  %s %s batch %d seed %d step %d: test accuracy %.2f%% after %.1f s, %d jobs%n",
                            model.label(),
                            arm.name(),
                            batch,
                            seed,
                            at.steps,
                            100 * acc,
                            at.nanos / 1e9,
                            jobs.get() - jobs0);
                    // a target met by a step that ended past the cap is not reached within it
                    at.reached = acc >= target && !(at.nanos > cap);
                    if (at.reached || capped) {
                        throw new Stop();
                    }
                    at.stepsBelow = at.steps;
                    at.secondsBelow = at.nanos / 1e9;
                }
            });
        } catch (Stop stop) {
            outcome = at.reached ? OptimizerResult.Outcome.REACHED : OptimizerResult.Outcome.CAPPED;
        } catch (TrainingException | ArithmeticException e) {
            System.out.println(
                    "  " + model.label() + " " + arm.name() + " seed " + seed + " failed: " + e.getMessage());
            outcome = OptimizerResult.Outcome.DIVERGED;
        }
        drain();
        return new OptimizerResult(
                model.label(),
                arm.name(),
                arm.batch(),
                seed,
                OptimizerResult.token(arm.optimizer()),
                rdd.getNumPartitions(),
                capSeconds,
                target,
                outcome,
                at.steps,
                jobs.get() - jobs0,
                bytes.get() - bytes0,
                at.nanos / 1e9,
                at.stepsBelow,
                at.secondsBelow,
                at.best,
                at.evals,
                (System.nanoTime() - wall0) / 1e9);
    }

    /** Waits until the listener has seen every event posted so far (the job and byte counts are then exact). */
    private void drain() {
        try {
            sc.sc().listenerBus().waitUntilEmpty();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Spark listener bus did not drain", e);
        }
    }
}
