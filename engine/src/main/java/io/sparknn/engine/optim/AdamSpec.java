package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.OptimizerChecks.atLeastZero;
import static io.sparknn.engine.optim.OptimizerChecks.checked;
import static io.sparknn.engine.optim.OptimizerChecks.halfOpenUnit;

import java.util.function.UnaryOperator;

/**
 * {@code torch.optim.Adam(lr, betas=(beta1, beta2), eps, weight_decay, amsgrad)}: weight decay
 * added to the gradient. What it shares with {@link AdamWSpec}, and why the two are not one record:
 * {@link AdamFamilySpec}.
 *
 * @param amsgrad the AMSGrad variant (the running maximum of the second moment)
 */
public record AdamSpec(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
        implements AdamFamilySpec<AdamSpec> {
    public AdamSpec {
        checked(Kind.ADAM, () -> check(UnaryOperator.identity(), lr, beta1, beta2, eps, weightDecay));
    }

    /** Adam's and AdamW's ranges; the message names the key as {@code key} gives it ({@code optimizer.beta1}). */
    static void check(
            UnaryOperator<String> key, double lr, double beta1, double beta2, double eps, double weightDecay) {
        atLeastZero(key, "lr", lr);
        atLeastZero(key, "weight_decay", weightDecay);
        atLeastZero(key, "eps", eps);
        halfOpenUnit(key, "beta1", beta1);
        halfOpenUnit(key, "beta2", beta2);
    }

    @Override
    public Kind kind() {
        return Kind.ADAM;
    }

    @Override
    public AdamSpec with(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        return new AdamSpec(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }
}
