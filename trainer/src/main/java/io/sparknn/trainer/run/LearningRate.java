package io.sparknn.trainer.run;

import io.sparknn.engine.optim.LrSchedule;
import io.sparknn.trainer.config.TrainingConfig;
import java.util.function.LongToDoubleFunction;

/**
 * The learning rate of each optimizer step: the optimizer's base rate η, scaled for large global
 * batches relative to {@code base_batch} (k = batch / base_batch; linear: kη, for SGD-style
 * optimizers; sqrt: √k·η, for Adam-style ones), reached through a linear warm-up from the unscaled
 * rate (Goyal et al. 2017), then shaped by the schedule.
 *
 * <p>The peak rate of step t (optimizer steps taken, from 0) is η + (scaled − η)·t / W for
 * t &lt; W = {@code warmup_steps}, and the scaled rate from t = W on: step 0 runs at η exactly, as
 * PyTorch's {@code LinearLR} and the schedules' own warm-up. The schedule then gets this peak as
 * its base rate and the same t: it counts from the run's first step, warm-up included (Goyal et
 * al.'s decay milestones count whole epochs from the start), so a cosine over T steps ends at
 * step T whatever the warm-up.
 */
public final class LearningRate {
    private LearningRate() {}

    public static LongToDoubleFunction of(double baseLr, TrainingConfig t, LrSchedule schedule) {
        double ratio = (double) t.batchSize() / t.baseBatch();
        double scaled = switch (t.lrScaling()) {
            case LINEAR -> baseLr * ratio;
            case SQRT -> baseLr * Math.sqrt(ratio);
            case NONE -> baseLr;
        };
        int ramp = t.warmupSteps();
        return step -> {
            double peak = step < ramp ? baseLr + (scaled - baseLr) * step / ramp : scaled;
            return schedule.lr(peak, step);
        };
    }
}
