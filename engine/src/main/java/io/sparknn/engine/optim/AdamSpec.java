package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.OptimizerChecks.atLeastZero;
import static io.sparknn.engine.optim.OptimizerChecks.checked;
import static io.sparknn.engine.optim.OptimizerChecks.halfOpenUnit;

import io.sparknn.engine.Precision;
import io.sparknn.engine.layer.SpecValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code torch.optim.Adam(lr, betas=(beta1, beta2), eps, weight_decay, amsgrad)}: weight decay
 * added to the gradient.
 *
 * <p>{@link AdamWSpec} has the same six fields, and the same checks ({@link #check}), fields
 * ({@link #adamFields}) and optimizer ({@link Adam}), on purpose: the two are PyTorch's two
 * optimizers, and one weight decay means two things (an L2 term added to the gradient here, a
 * decoupled shrink of the parameters there), with two defaults (0 here, 0.01 there). Separate
 * records keep that in the type, as the config's {@code "type"} keeps it in the file: a
 * {@code with…} copy stays the optimizer it was, and no flag can make an Adam spec decay like
 * AdamW. Their {@code with…} copies are therefore alike line for line but for the record they make.
 *
 * @param amsgrad the AMSGrad variant (the running maximum of the second moment)
 */
public record AdamSpec(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
        implements OptimizerSpec {
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
    public AdamSpec withLr(double v) {
        return new AdamSpec(v, beta1, beta2, eps, weightDecay, amsgrad);
    }

    @Override
    public AdamSpec withWeightDecay(double v) {
        return new AdamSpec(lr, beta1, beta2, eps, v, amsgrad);
    }

    public AdamSpec withAmsgrad(boolean v) {
        return new AdamSpec(lr, beta1, beta2, eps, weightDecay, v);
    }

    @Override
    public Optimizer create(Precision precision, int paramCount) {
        return new Adam(this, beta1, beta2, eps, weightDecay, amsgrad, precision, paramCount);
    }

    @Override
    public Map<String, SpecValue> fields() {
        return adamFields(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    /** Adam's and AdamW's fields, in the order of PyTorch's constructor arguments. */
    static Map<String, SpecValue> adamFields(
            double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        Map<String, SpecValue> f = new LinkedHashMap<>();
        f.put("lr", SpecValue.real(lr));
        f.put("beta1", SpecValue.real(beta1));
        f.put("beta2", SpecValue.real(beta2));
        f.put("eps", SpecValue.real(eps));
        f.put("weight_decay", SpecValue.real(weightDecay));
        f.put("amsgrad", SpecValue.bool(amsgrad));
        return f;
    }
}
