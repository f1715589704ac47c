package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.HyperParameter.LR;

import io.sparknn.engine.optim.HyperParameter.Int;
import io.sparknn.engine.optim.HyperParameter.Range;
import io.sparknn.engine.optim.HyperParameter.Real;

/**
 * Hessian-free optimisation (Martens 2010, "Deep learning via Hessian-free optimization"): each
 * step minimises the damped Gauss-Newton model of the batch's mean loss by preconditioned
 * conjugate gradient, every curvature product one pass over the shards (see {@link HessianFree}).
 * PyTorch has no such optimizer; the keys and defaults are Martens' (2010). No weight decay:
 * {@link #weightDecay()} is 0 and {@code weight_decay} is not one of its keys.
 *
 * @param lr                 scales the chosen CG step (1: Martens' full step)
 * @param damping            the Levenberg-Marquardt λ of the first step (later steps adapt it)
 * @param maxCgIter          CG iterations per step, at least 1 (250)
 * @param cgTolerance        ε of the relative-progress stop (5e-4)
 * @param warmStart          ζ: CG starts from ζ × the previous step's last CG iterate (0.95)
 * @param preconditionerExponent ξ of the preconditioner (diag(Σ gᵢ²) + λ)^ξ (0.75; 0: none)
 * @param curvatureFraction  the part of each batch the curvature products run on, in (0, 1]: an
 *     example is in when a hash of (seed, step, example id) falls below it, fixed for the step
 *     (0.25)
 */
public record HessianFreeSpec(
        double lr,
        double damping,
        int maxCgIter,
        double cgTolerance,
        double warmStart,
        double preconditionerExponent,
        double curvatureFraction)
        implements OptimizerSpec {

    static final Real<HessianFreeSpec> DAMPING = new Real<>("damping", Range.AT_LEAST_ZERO, HessianFreeSpec::damping);
    static final Int<HessianFreeSpec> MAX_CG_ITER = new Int<>("max_cg_iter", 1, HessianFreeSpec::maxCgIter, null);
    static final Real<HessianFreeSpec> CG_TOLERANCE =
            new Real<>("cg_tolerance", Range.AT_LEAST_ZERO, HessianFreeSpec::cgTolerance);
    static final Real<HessianFreeSpec> WARM_START =
            new Real<>("warm_start", Range.CLOSED_UNIT, HessianFreeSpec::warmStart);
    static final Real<HessianFreeSpec> PRECONDITIONER_EXPONENT =
            new Real<>("preconditioner_exponent", Range.CLOSED_UNIT, HessianFreeSpec::preconditionerExponent);
    static final Real<HessianFreeSpec> CURVATURE_FRACTION =
            new Real<>("curvature_fraction", Range.CLOSED_UNIT, HessianFreeSpec::curvatureFraction);

    static final HyperParameters<HessianFreeSpec> KEYS = new HyperParameters<>(
            HessianFreeSpec.class,
            Kind.HESSIAN_FREE,
            OptimizerSpec::hessianFree,
            v -> new HessianFreeSpec(
                    v.get(LR),
                    v.get(DAMPING),
                    v.get(MAX_CG_ITER),
                    v.get(CG_TOLERANCE),
                    v.get(WARM_START),
                    v.get(PRECONDITIONER_EXPONENT),
                    v.get(CURVATURE_FRACTION)),
            HessianFree::new,
            LR,
            DAMPING,
            MAX_CG_ITER,
            CG_TOLERANCE,
            WARM_START,
            PRECONDITIONER_EXPONENT,
            CURVATURE_FRACTION);

    public HessianFreeSpec {
        KEYS.check(lr, damping, cgTolerance, warmStart, preconditionerExponent, curvatureFraction);
        KEYS.checkInts(maxCgIter);
        if (!(damping > 0)) {
            throw new InvalidHyperParameterException(
                    Kind.HESSIAN_FREE, DAMPING.key(), " must be > 0 (λ is scaled by 3/2 and 2/3), got " + damping);
        }
        if (!(curvatureFraction > 0)) {
            throw new InvalidHyperParameterException(
                    Kind.HESSIAN_FREE, CURVATURE_FRACTION.key(), " must be in (0, 1], got " + curvatureFraction);
        }
    }

    /** Hessian-free takes no weight decay. */
    @Override
    public double weightDecay() {
        return 0;
    }
}
