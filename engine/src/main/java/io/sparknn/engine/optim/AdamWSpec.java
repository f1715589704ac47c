package io.sparknn.engine.optim;

/**
 * {@code torch.optim.AdamW(lr, betas=(beta1, beta2), eps, weight_decay, amsgrad)}: Adam with
 * weight decay applied to the parameters (decoupled), default 0.01. What it shares with {@link
 * AdamSpec}, and why the two are not one record: {@link AdamFamilySpec}.
 *
 * @param amsgrad the AMSGrad variant (the running maximum of the second moment)
 */
public record AdamWSpec(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
        implements AdamFamilySpec {
    static final HyperParameters<AdamWSpec> KEYS =
            AdamSpec.keys(AdamWSpec.class, Kind.ADAMW, OptimizerSpec::adamw, AdamWSpec::new);

    public AdamWSpec {
        KEYS.check(lr, beta1, beta2, eps, weightDecay);
    }
}
