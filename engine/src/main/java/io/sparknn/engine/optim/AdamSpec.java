package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.HyperParameter.LR;
import static io.sparknn.engine.optim.HyperParameter.WEIGHT_DECAY;

import io.sparknn.engine.optim.HyperParameter.Flag;
import io.sparknn.engine.optim.HyperParameter.Range;
import io.sparknn.engine.optim.HyperParameter.Real;
import java.util.function.Supplier;

/**
 * {@code torch.optim.Adam(lr, betas=(beta1, beta2), eps, weight_decay, amsgrad)}: weight decay
 * added to the gradient. What it shares with {@link AdamWSpec}, and why the two are not one record:
 * {@link AdamFamilySpec}.
 *
 * @param amsgrad the AMSGrad variant (the running maximum of the second moment)
 */
public record AdamSpec(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
        implements AdamFamilySpec {
    static final Real<AdamFamilySpec> BETA1 = new Real<>("beta1", Range.HALF_OPEN_UNIT, AdamFamilySpec::beta1);
    static final Real<AdamFamilySpec> BETA2 = new Real<>("beta2", Range.HALF_OPEN_UNIT, AdamFamilySpec::beta2);
    static final Real<AdamFamilySpec> EPS = new Real<>("eps", Range.AT_LEAST_ZERO, AdamFamilySpec::eps);
    static final Flag<AdamFamilySpec> AMSGRAD = new Flag<>("amsgrad", AdamFamilySpec::amsgrad);

    static final HyperParameters<AdamSpec> KEYS = keys(AdamSpec.class, Kind.ADAM, OptimizerSpec::adam, AdamSpec::new);

    public AdamSpec {
        KEYS.check(lr, beta1, beta2, eps, weightDecay);
    }

    /** The constructor of Adam's or AdamW's record. */
    interface Constructor<S> {
        S make(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad);
    }

    /** Adam's and AdamW's table: the same keys and ranges, their own defaults and record. */
    static <S extends AdamFamilySpec> HyperParameters<S> keys(
            Class<S> type, Kind kind, Supplier<S> defaults, Constructor<S> record) {
        return new HyperParameters<>(
                type,
                kind,
                defaults,
                v -> record.make(
                        v.get(LR), v.get(BETA1), v.get(BETA2), v.get(EPS), v.get(WEIGHT_DECAY), v.get(AMSGRAD)),
                Adam::new,
                LR,
                BETA1,
                BETA2,
                EPS,
                WEIGHT_DECAY,
                AMSGRAD);
    }
}
