package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.HyperParameter.LR;
import static io.sparknn.engine.optim.HyperParameter.WEIGHT_DECAY;

import io.sparknn.engine.optim.HyperParameter.Range;
import io.sparknn.engine.optim.HyperParameter.Real;

/**
 * {@code torch.optim.Adadelta(lr, rho, eps, weight_decay)}.
 *
 * @param rho decay of the running averages
 */
public record AdadeltaSpec(double lr, double rho, double eps, double weightDecay) implements OptimizerSpec {
    static final Real<AdadeltaSpec> RHO = new Real<>("rho", Range.CLOSED_UNIT, AdadeltaSpec::rho);
    static final Real<AdadeltaSpec> EPS = new Real<>("eps", Range.AT_LEAST_ZERO, AdadeltaSpec::eps);

    static final HyperParameters<AdadeltaSpec> KEYS = new HyperParameters<>(
            AdadeltaSpec.class,
            Kind.ADADELTA,
            OptimizerSpec::adadelta,
            v -> new AdadeltaSpec(v.get(LR), v.get(RHO), v.get(EPS), v.get(WEIGHT_DECAY)),
            Adadelta::new,
            LR,
            RHO,
            EPS,
            WEIGHT_DECAY);

    public AdadeltaSpec {
        KEYS.check(lr, rho, eps, weightDecay);
    }
}
