package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.HyperParameter.LR;
import static io.sparknn.engine.optim.HyperParameter.WEIGHT_DECAY;

import io.sparknn.engine.optim.HyperParameter.Choice;
import io.sparknn.engine.optim.HyperParameter.Range;
import io.sparknn.engine.optim.HyperParameter.Real;
import io.sparknn.engine.optim.ParameterTensors.Exclude;

/**
 * LAMB (You et al. 2019, Algorithm 2), the update {@link Lamb} writes out. PyTorch 1.13 has no
 * LAMB; the keys are Adam's names ({@code lr}, {@code beta1}, {@code beta2}, {@code eps},
 * {@code weight_decay} λ, decoupled as in the paper) and {@code exclude}, the tensors left out of
 * weight decay and the trust ratio ({@link Exclude}).
 *
 * @param beta1   β1 in [0, 1)
 * @param beta2   β2 in [0, 1)
 * @param eps     ε, added to √v̂
 * @param exclude which tensors take the plain Adam step (default {@code bias_and_norm})
 */
public record LambSpec(double lr, double beta1, double beta2, double eps, double weightDecay, Exclude exclude)
        implements TrustRatioSpec {
    static final Real<LambSpec> BETA1 = new Real<>("beta1", Range.HALF_OPEN_UNIT, LambSpec::beta1);
    static final Real<LambSpec> BETA2 = new Real<>("beta2", Range.HALF_OPEN_UNIT, LambSpec::beta2);
    static final Real<LambSpec> EPS = new Real<>("eps", Range.AT_LEAST_ZERO, LambSpec::eps);
    static final Choice<LambSpec, Exclude> EXCLUDE =
            new Choice<>("exclude", Exclude.class, Exclude::text, LambSpec::exclude);

    static final HyperParameters<LambSpec> KEYS = new HyperParameters<>(
            LambSpec.class,
            Kind.LAMB,
            OptimizerSpec::lamb,
            v -> new LambSpec(v.get(LR), v.get(BETA1), v.get(BETA2), v.get(EPS), v.get(WEIGHT_DECAY), v.get(EXCLUDE)),
            HyperParameters.OptimizerOf.perTensor(Lamb::new),
            LR,
            BETA1,
            BETA2,
            EPS,
            WEIGHT_DECAY,
            EXCLUDE);

    public LambSpec {
        KEYS.check(lr, beta1, beta2, eps, weightDecay);
        if (exclude == null) {
            throw new IllegalArgumentException("lamb: exclude must not be null");
        }
    }
}
