package io.sparknn.trainer;

import io.sparknn.engine.optim.LrSchedule;
import io.sparknn.trainer.config.TrainingConfig;
import java.util.function.LongToDoubleFunction;

/**
 * The learning rate of each optimizer step: the optimizer's base rate, scaled for large global
 * batches relative to {@code base_batch} (linear for SGD-style optimizers, square root for
 * Adam-style ones), reached through a linear warm-up from the unscaled rate (Goyal et al. 2017),
 * then shaped by the schedule, which counts optimizer steps.
 */
public final class LearningRate {
    private LearningRate() {
    }

    public static LongToDoubleFunction of(double baseLr, TrainingConfig t, LrSchedule schedule) {
        double ratio = (double) t.batchSize() / t.baseBatch();
        double scaled = switch (t.lrScaling()) {
            case "linear" -> baseLr * ratio;
            case "sqrt" -> baseLr * Math.sqrt(ratio);
            default -> baseLr;
        };
        int ramp = t.warmupSteps();
        return step -> {
            double peak = ramp > 0 && step < ramp ? baseLr + (scaled - baseLr) * (step + 1.0) / ramp : scaled;
            return schedule.lr(peak, step);
        };
    }
}
