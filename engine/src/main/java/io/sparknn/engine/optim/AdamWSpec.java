package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.OptimizerChecks.checked;

import io.sparknn.engine.Precision;
import io.sparknn.engine.layer.SpecValue;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code torch.optim.AdamW(lr, betas=(beta1, beta2), eps, weight_decay, amsgrad)}: Adam with
 * weight decay applied to the parameters (decoupled), default 0.01.
 *
 * <p>A twin of {@link AdamSpec} on purpose (same fields, checks and {@link Adam} optimizer): the
 * weight decay means something else here and defaults otherwise, so the type says which of
 * PyTorch's two optimizers a spec is; see {@link AdamSpec} for why the two are not one record.
 *
 * @param amsgrad the AMSGrad variant (the running maximum of the second moment)
 */
public record AdamWSpec(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
        implements OptimizerSpec {
    public AdamWSpec {
        checked(Kind.ADAMW, () -> AdamSpec.check(UnaryOperator.identity(), lr, beta1, beta2, eps, weightDecay));
    }

    @Override
    public Kind kind() {
        return Kind.ADAMW;
    }

    @Override
    public AdamWSpec withLr(double v) {
        return new AdamWSpec(v, beta1, beta2, eps, weightDecay, amsgrad);
    }

    @Override
    public AdamWSpec withWeightDecay(double v) {
        return new AdamWSpec(lr, beta1, beta2, eps, v, amsgrad);
    }

    public AdamWSpec withAmsgrad(boolean v) {
        return new AdamWSpec(lr, beta1, beta2, eps, weightDecay, v);
    }

    @Override
    public Optimizer create(Precision precision, int paramCount) {
        return new Adam(this, beta1, beta2, eps, weightDecay, amsgrad, precision, paramCount);
    }

    @Override
    public Map<String, SpecValue> fields() {
        return AdamSpec.adamFields(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }
}
