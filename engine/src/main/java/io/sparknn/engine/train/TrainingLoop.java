package io.sparknn.engine.train;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import io.sparknn.engine.kernel.Parallel;
import io.sparknn.engine.kernel.TensorKernels;
import io.sparknn.engine.optim.BatchEvaluatingOptimizer;
import io.sparknn.engine.optim.GradientClipping;
import io.sparknn.engine.optim.HessianFree;
import io.sparknn.engine.optim.Kfac;
import io.sparknn.engine.optim.Lbfgs;
import java.util.concurrent.Future;
import java.util.function.LongToDoubleFunction;

/**
 * The synchronous data-parallel loop on the driver: for each step, get the gradient sum of the
 * global batch from a {@link GradientSource}, divide once by the loss count, clip, apply the
 * optimizer once. Spark and the single-process reference share this loop, so they differ only in
 * where shard sums are computed.
 */
public final class TrainingLoop {

    /** Called after every step and at every epoch end; may stop the run. */
    public interface Listener {
        void onStep(StepReport report, TrainingState state);

        /** After the last step of an epoch; return false to stop (early stopping). */
        default boolean onEpochEnd(int epoch, TrainingState state) {
            return true;
        }
    }

    /**
     * How the parameters move once the loop has the step's mean gradient. The default applies the
     * state's optimizer; an update of its own may look at the step's batch again at weights it
     * chooses ({@link StepObjective#at}), run a computation of its own on every shard
     * ({@link StepObjective#shardSum}), or ask every shard for a statistic computed with the
     * gradient in the same pass ({@link #statistic}).
     */
    public interface Update {
        /**
         * The optimizer in the training state, at the step's scheduled rate; L-BFGS with the step's
         * batch as its closure, each further evaluation one more pass over the shards; Hessian-free
         * with its curvature products and trial losses on the step's batch ({@link HessianFreeShards}).
         */
        Update OPTIMIZER = new Update() {
            /** Hessian-free's preconditioner: every shard's per-example squared gradients, in the gradient's pass. */
            @Override
            public ShardFunction statistic(TrainingState s) {
                if (s.optimizer instanceof Kfac) { // K-FAC's factor sums ride with the gradient
                    return KfacShards.FACTORS;
                }
                // one pass of one example each: skipped when the preconditioner is off (ξ = 0)
                return s.optimizer instanceof HessianFree h && h.spec().preconditionerExponent() > 0
                        ? HessianFreeShards.SQUARED_GRADIENTS
                        : null;
            }

            @Override
            public void apply(TrainingState s, StepObjective step) {
                if (s.optimizer instanceof Lbfgs l) {
                    Lbfgs.Objective closure = p -> {
                        StepObjective.LossAndGradient e = step.at(p);
                        return new Lbfgs.Evaluation(e.loss(), e.meanGradient());
                    };
                    l.step(s.params, step.loss(), step.meanGradient(), closure, step.lr());
                } else if (s.optimizer instanceof HessianFree h) {
                    HessianFreeShards.step(h, s, step);
                } else if (s.optimizer instanceof Kfac k) {
                    KfacShards.step(k, s, step);
                } else {
                    s.optimizer.step(s.params, step.meanGradient(), step.lr(), step.threads());
                }
            }
        };

        /** Computed by every shard right after its gradient, summed in partition order into {@link StepObjective#totals()}; null for none. */
        default ShardFunction statistic() {
            return null;
        }

        /** The statistic of a step from {@code s}: {@link #statistic()} unless the update looks at its state. */
        default ShardFunction statistic(TrainingState s) {
            return statistic();
        }

        /** Moves {@code s.params} (and any state of the update's own) for this step. */
        void apply(TrainingState s, StepObjective step);
    }

    /**
     * @param clipNorm  maximum global L2 norm of the mean gradient; 0 = no clipping
     * @param maxSteps  stop after this many optimizer steps in total (0 = run all epochs)
     */
    public record Settings(int epochs, int batchSize, long seed, double clipNorm, long maxSteps) {}

    private final Settings settings;
    private final GradientSource source;
    private final LongToDoubleFunction lr;
    private final TensorKernels k;
    private final Update update;

    public TrainingLoop(
            Settings settings, GradientSource source, LongToDoubleFunction learningRate, Precision precision) {
        this(settings, source, learningRate, precision, Update.OPTIMIZER);
    }

    public TrainingLoop(
            Settings settings,
            GradientSource source,
            LongToDoubleFunction learningRate,
            Precision precision,
            Update update) {
        this.settings = settings;
        this.source = source;
        this.lr = learningRate;
        this.k = TensorKernels.of(precision);
        this.update = update;
    }

    public int stepsPerEpoch() {
        return EpochPermutation.stepsPerEpoch(source.examples(), settings.batchSize());
    }

    /** Runs from the state's position to the end (or until a listener stops it). */
    public void run(TrainingState s, Listener listener) {
        int steps = stepsPerEpoch();
        while (s.epoch < settings.epochs()) {
            while (s.stepInEpoch < steps) {
                if (settings.maxSteps() > 0 && s.globalStep >= settings.maxSteps()) {
                    return;
                }
                listener.onStep(step(s, steps), s);
            }
            int finished = s.epoch;
            s.epoch++;
            s.stepInEpoch = 0;
            if (!listener.onEpochEnd(finished, s)) {
                return;
            }
        }
    }

    /** Whether this step's update only reads the mean gradient: the state's optimizer stepping once. */
    private boolean readsGradientOnly(TrainingState s) {
        return update == Update.OPTIMIZER && !(s.optimizer instanceof BatchEvaluatingOptimizer);
    }

    private StepReport step(TrainingState s, int steps) {
        long t0 = System.nanoTime();
        StepPlan plan = new StepPlan(
                settings.seed(), s.epoch, s.stepInEpoch, s.globalStep, settings.batchSize(), source.examples());
        ShardFunction statistic = update.statistic(s);
        StepTotals t = source.compute(
                plan, s.params, s.buffers, statistic == null ? ShardWork.GRADIENT : ShardWork.gradientAnd(statistic));
        long t1 = System.nanoTime();
        double loss = t.lossSum() / t.lossCount();
        if (!Double.isFinite(loss)) {
            throw new DivergedException("training diverged: the loss is " + loss + " at step " + s.globalStep
                    + " (epoch " + (s.epoch + 1) + ", step " + (s.stepInEpoch + 1) + " of " + steps + ")");
        }
        // element-wise passes by parameter ranges on the source's threads (the same bits on any
        // number); clipping's norm is one sum in index order, on one thread
        Parallel threads = source.parallel();
        Storage g = t.gradientSum();
        double inverse = 1.0 / t.lossCount();
        threads.forRanges(g.length(), (from, to) -> k.scale(g, from, to - from, inverse));
        int[] apart = source.clippedApart();
        double rate = lr.applyAsDouble(s.globalStep);
        // when the norm is only reported, it is summed (in index order, on one thread) while the
        // optimizer, which only reads g, and then the check of its result take the ranges the other
        // threads leave them (the norm's chain of additions is the longest of the three); when it
        // clips, it comes first
        Future<Double> reported = settings.clipNorm() == 0 && threads.threads() > 1 && readsGradientOnly(s)
                ? threads.submit(() -> GradientClipping.clipApart(g, 0, apart))
                : null;
        double clippedNorm = reported == null ? GradientClipping.clipApart(g, settings.clipNorm(), apart) : 0;
        update.apply(s, new StepObjective(source, plan, s.buffers, t, g, rate));
        Storage p = s.params;
        boolean nonFinite = threads.anyInRanges(p.length(), (from, to) -> k.hasNonFinite(p, from, to - from));
        double norm = reported == null ? clippedNorm : Parallel.await(reported);
        if (nonFinite) {
            throw new DivergedException("training diverged: a parameter became NaN or infinite at step " + s.globalStep
                    + " (epoch " + (s.epoch + 1) + "); lower the learning rate or clip gradients");
        }
        if (t.buffers().length > 0) {
            s.buffers.copyFrom(t.buffers(), 0, 0, t.buffers().length);
        }
        long t2 = System.nanoTime();
        StepReport r = new StepReport(
                s.globalStep,
                s.epoch,
                s.stepInEpoch,
                steps,
                loss,
                rate,
                t.examples(),
                norm,
                t.computeNanosMax(),
                Math.max(0, t1 - t0 - t.computeNanosMax() - source.lastBroadcastNanos()),
                t2 - t1,
                source.lastBroadcastNanos(),
                t2 - t0,
                t.correct(),
                t.lossCount());
        s.globalStep++;
        s.stepInEpoch++;
        return r;
    }
}
