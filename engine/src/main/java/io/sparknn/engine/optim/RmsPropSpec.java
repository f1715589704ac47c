package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.HyperParameter.LR;
import static io.sparknn.engine.optim.HyperParameter.WEIGHT_DECAY;

import io.sparknn.engine.optim.HyperParameter.Flag;
import io.sparknn.engine.optim.HyperParameter.Range;
import io.sparknn.engine.optim.HyperParameter.Real;

/**
 * {@code torch.optim.RMSprop(lr, alpha, eps, weight_decay, momentum, centered)}.
 *
 * @param alpha    smoothing constant
 * @param momentum momentum μ (0 = none)
 * @param centered the centered variant
 */
public record RmsPropSpec(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered)
        implements OptimizerSpec {
    static final Real<RmsPropSpec> ALPHA = new Real<>("alpha", Range.CLOSED_UNIT, RmsPropSpec::alpha);
    static final Real<RmsPropSpec> EPS = new Real<>("eps", Range.AT_LEAST_ZERO, RmsPropSpec::eps);
    static final Real<RmsPropSpec> MOMENTUM = new Real<>("momentum", Range.CLOSED_UNIT, RmsPropSpec::momentum);
    static final Flag<RmsPropSpec> CENTERED = new Flag<>("centered", RmsPropSpec::centered);

    static final HyperParameters<RmsPropSpec> KEYS = new HyperParameters<>(
            RmsPropSpec.class,
            Kind.RMSPROP,
            OptimizerSpec::rmsprop,
            v -> new RmsPropSpec(
                    v.get(LR), v.get(ALPHA), v.get(EPS), v.get(WEIGHT_DECAY), v.get(MOMENTUM), v.get(CENTERED)),
            RmsProp::new,
            LR,
            ALPHA,
            EPS,
            WEIGHT_DECAY,
            MOMENTUM,
            CENTERED);

    public RmsPropSpec {
        KEYS.check(lr, alpha, eps, weightDecay, momentum);
    }
}
