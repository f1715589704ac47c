package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.OptimizerChecks.checked;

import java.util.function.UnaryOperator;

/**
 * {@code torch.optim.AdamW(lr, betas=(beta1, beta2), eps, weight_decay, amsgrad)}: Adam with
 * weight decay applied to the parameters (decoupled), default 0.01. What it shares with {@link
 * AdamSpec}, and why the two are not one record: {@link AdamFamilySpec}.
 *
 * @param amsgrad the AMSGrad variant (the running maximum of the second moment)
 */
public record AdamWSpec(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
        implements AdamFamilySpec<AdamWSpec> {
    public AdamWSpec {
        checked(Kind.ADAMW, () -> AdamSpec.check(UnaryOperator.identity(), lr, beta1, beta2, eps, weightDecay));
    }

    @Override
    public Kind kind() {
        return Kind.ADAMW;
    }

    @Override
    public AdamWSpec with(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        return new AdamWSpec(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }
}
