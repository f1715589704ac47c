package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.HyperParameter.LR;

import io.sparknn.engine.optim.HyperParameter.Int;
import io.sparknn.engine.optim.HyperParameter.Range;
import io.sparknn.engine.optim.HyperParameter.Real;

/**
 * K-FAC (Martens and Grosse 2015; for conv2d layers Grosse and Martens 2016): the update
 * {@link Kfac} writes out. PyTorch has no K-FAC; the keys are the papers' quantities. No weight
 * decay: {@link #weightDecay()} is 0 and {@code weight_decay} is not one of its keys.
 *
 * @param lr              the plain learning rate of the preconditioned step (no rescaling by the
 *     quadratic model: see {@link Kfac})
 * @param damping         the Tikhonov λ, split between the two factors by the π correction
 *     (γ = √λ): (A + π√λ·I) ⊗ (G + √λ/π·I); &gt; 0
 * @param factorDecay     ε of the factors' exponential moving averages, in [0, 1): a factor is
 *     ε_k·old + (1 − ε_k)·batch with ε_k = min(1 − 1/k, ε) at step k (the papers' 0.95)
 * @param inverseInterval T: the damped factors' inverses are recomputed on the driver at steps
 *     1, 1 + T, 1 + 2T, ... (the papers' T₃ = 20)
 */
public record KfacSpec(double lr, double damping, double factorDecay, int inverseInterval) implements OptimizerSpec {
    static final Real<KfacSpec> DAMPING = new Real<>("damping", Range.AT_LEAST_ZERO, KfacSpec::damping);
    static final Real<KfacSpec> FACTOR_DECAY = new Real<>("factor_decay", Range.HALF_OPEN_UNIT, KfacSpec::factorDecay);
    static final Int<KfacSpec> INVERSE_INTERVAL = new Int<>("inverse_interval", 1, KfacSpec::inverseInterval, null);

    static final HyperParameters<KfacSpec> KEYS = new HyperParameters<>(
            KfacSpec.class,
            Kind.KFAC,
            OptimizerSpec::kfac,
            v -> new KfacSpec(v.get(LR), v.get(DAMPING), v.get(FACTOR_DECAY), v.get(INVERSE_INTERVAL)),
            Kfac::new,
            LR,
            DAMPING,
            FACTOR_DECAY,
            INVERSE_INTERVAL);

    public KfacSpec {
        KEYS.check(lr, damping, factorDecay);
        KEYS.checkInts(inverseInterval);
        if (!(damping > 0)) {
            throw new InvalidHyperParameterException(
                    Kind.KFAC, DAMPING.key(), " must be > 0 (the damped factors are inverted), got " + damping);
        }
    }

    /** K-FAC takes no weight decay. */
    @Override
    public double weightDecay() {
        return 0;
    }
}
