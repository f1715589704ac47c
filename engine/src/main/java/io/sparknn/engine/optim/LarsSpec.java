package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.HyperParameter.LR;
import static io.sparknn.engine.optim.HyperParameter.WEIGHT_DECAY;

import io.sparknn.engine.optim.HyperParameter.Choice;
import io.sparknn.engine.optim.HyperParameter.Range;
import io.sparknn.engine.optim.HyperParameter.Real;
import io.sparknn.engine.optim.ParameterTensors.Exclude;

/**
 * LARS (You, Gitman and Ginsburg 2017), the update {@link Lars} writes out. PyTorch has no LARS;
 * the keys are the paper's: {@code lr} (γ), {@code momentum} (m), {@code weight_decay} (β),
 * {@code trust_coefficient} (η), and {@code exclude}, the tensors left out of weight decay and the
 * trust ratio ({@link Exclude}).
 *
 * @param momentum         momentum m, in [0, 1]
 * @param trustCoefficient the LARS coefficient η (the paper's 0.001)
 * @param exclude          which tensors take the plain momentum step (default {@code bias_and_norm})
 */
public record LarsSpec(double lr, double momentum, double weightDecay, double trustCoefficient, Exclude exclude)
        implements TrustRatioSpec {
    static final Real<LarsSpec> MOMENTUM = new Real<>("momentum", Range.CLOSED_UNIT, LarsSpec::momentum);
    static final Real<LarsSpec> TRUST_COEFFICIENT =
            new Real<>("trust_coefficient", Range.AT_LEAST_ZERO, LarsSpec::trustCoefficient);
    static final Choice<LarsSpec, Exclude> EXCLUDE =
            new Choice<>("exclude", Exclude.class, Exclude::text, LarsSpec::exclude);

    static final HyperParameters<LarsSpec> KEYS = new HyperParameters<>(
            LarsSpec.class,
            Kind.LARS,
            OptimizerSpec::lars,
            v -> new LarsSpec(
                    v.get(LR), v.get(MOMENTUM), v.get(WEIGHT_DECAY), v.get(TRUST_COEFFICIENT), v.get(EXCLUDE)),
            HyperParameters.OptimizerOf.perTensor(Lars::new),
            LR,
            MOMENTUM,
            WEIGHT_DECAY,
            TRUST_COEFFICIENT,
            EXCLUDE);

    public LarsSpec {
        KEYS.check(lr, momentum, weightDecay, trustCoefficient);
        if (exclude == null) {
            throw new IllegalArgumentException("lars: exclude must not be null");
        }
    }
}
