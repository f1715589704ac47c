package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.HyperParameter.LR;
import static io.sparknn.engine.optim.HyperParameter.WEIGHT_DECAY;

import io.sparknn.engine.optim.HyperParameter.Flag;
import io.sparknn.engine.optim.HyperParameter.Range;
import io.sparknn.engine.optim.HyperParameter.Real;

/**
 * {@code torch.optim.SGD(lr, momentum, dampening, weight_decay, nesterov)}.
 *
 * @param momentum  momentum μ (0 = none)
 * @param dampening dampening τ
 * @param nesterov  Nesterov momentum (needs momentum &gt; 0 and dampening 0, as PyTorch)
 */
public record SgdSpec(double lr, double momentum, double dampening, boolean nesterov, double weightDecay)
        implements OptimizerSpec {
    static final Real<SgdSpec> MOMENTUM = new Real<>("momentum", Range.CLOSED_UNIT, SgdSpec::momentum);
    static final Real<SgdSpec> DAMPENING = new Real<>("dampening", Range.CLOSED_UNIT, SgdSpec::dampening);
    static final Flag<SgdSpec> NESTEROV = new Flag<>("nesterov", SgdSpec::nesterov);

    static final HyperParameters<SgdSpec> KEYS = new HyperParameters<>(
            SgdSpec.class,
            Kind.SGD,
            OptimizerSpec::sgd,
            v -> new SgdSpec(v.get(LR), v.get(MOMENTUM), v.get(DAMPENING), v.get(NESTEROV), v.get(WEIGHT_DECAY)),
            Sgd::new,
            LR,
            MOMENTUM,
            DAMPENING,
            NESTEROV,
            WEIGHT_DECAY);

    public SgdSpec {
        KEYS.check(lr, momentum, dampening, weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new InvalidHyperParameterException(
                    Kind.SGD,
                    NESTEROV.key(),
                    ": Nesterov momentum requires a momentum and zero dampening, got momentum " + momentum
                            + " and dampening " + dampening);
        }
    }

    public SgdSpec withMomentum(double m, double damp, boolean nest) {
        return new SgdSpec(lr, m, damp, nest, weightDecay);
    }
}
