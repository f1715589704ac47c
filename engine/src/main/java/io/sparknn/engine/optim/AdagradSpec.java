package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.HyperParameter.LR;
import static io.sparknn.engine.optim.HyperParameter.WEIGHT_DECAY;

import io.sparknn.engine.optim.HyperParameter.Range;
import io.sparknn.engine.optim.HyperParameter.Real;

/**
 * {@code torch.optim.Adagrad(lr, lr_decay, weight_decay, initial_accumulator_value, eps)}.
 *
 * @param lrDecay            learning-rate decay
 * @param initialAccumulator the accumulator's initial value ({@code initial_accumulator})
 */
public record AdagradSpec(double lr, double lrDecay, double weightDecay, double initialAccumulator, double eps)
        implements OptimizerSpec {
    static final Real<AdagradSpec> LR_DECAY = new Real<>("lr_decay", Range.AT_LEAST_ZERO, AdagradSpec::lrDecay);
    static final Real<AdagradSpec> INITIAL_ACCUMULATOR =
            new Real<>("initial_accumulator", Range.AT_LEAST_ZERO, AdagradSpec::initialAccumulator);
    static final Real<AdagradSpec> EPS = new Real<>("eps", Range.AT_LEAST_ZERO, AdagradSpec::eps);

    static final HyperParameters<AdagradSpec> KEYS = new HyperParameters<>(
            AdagradSpec.class,
            Kind.ADAGRAD,
            OptimizerSpec::adagrad,
            v -> new AdagradSpec(
                    v.get(LR), v.get(LR_DECAY), v.get(WEIGHT_DECAY), v.get(INITIAL_ACCUMULATOR), v.get(EPS)),
            Adagrad::new,
            LR,
            LR_DECAY,
            WEIGHT_DECAY,
            INITIAL_ACCUMULATOR,
            EPS);

    public AdagradSpec {
        KEYS.check(lr, lrDecay, weightDecay, initialAccumulator, eps);
    }
}
