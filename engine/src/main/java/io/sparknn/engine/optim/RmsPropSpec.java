package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.OptimizerChecks.atLeastZero;
import static io.sparknn.engine.optim.OptimizerChecks.checked;
import static io.sparknn.engine.optim.OptimizerChecks.closedUnit;

import io.sparknn.engine.Precision;
import io.sparknn.engine.layer.SpecValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code torch.optim.RMSprop(lr, alpha, eps, weight_decay, momentum, centered)}.
 *
 * @param alpha    smoothing constant
 * @param momentum momentum μ (0 = none)
 * @param centered the centered variant
 */
public record RmsPropSpec(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered)
        implements OptimizerSpec {
    public RmsPropSpec {
        checked(Kind.RMSPROP, () -> check(UnaryOperator.identity(), lr, alpha, eps, weightDecay, momentum));
    }

    static void check(
            UnaryOperator<String> key, double lr, double alpha, double eps, double weightDecay, double momentum) {
        atLeastZero(key, "lr", lr);
        atLeastZero(key, "weight_decay", weightDecay);
        atLeastZero(key, "eps", eps);
        closedUnit(key, "momentum", momentum);
        closedUnit(key, "alpha", alpha);
    }

    @Override
    public Kind kind() {
        return Kind.RMSPROP;
    }

    @Override
    public RmsPropSpec withLr(double v) {
        return new RmsPropSpec(v, alpha, eps, weightDecay, momentum, centered);
    }

    @Override
    public RmsPropSpec withWeightDecay(double v) {
        return new RmsPropSpec(lr, alpha, eps, v, momentum, centered);
    }

    @Override
    public Optimizer create(Precision precision, int paramCount) {
        return new RmsProp(this, precision, paramCount);
    }

    @Override
    public Map<String, SpecValue> fields() {
        Map<String, SpecValue> f = new LinkedHashMap<>();
        f.put("lr", SpecValue.real(lr));
        f.put("alpha", SpecValue.real(alpha));
        f.put("eps", SpecValue.real(eps));
        f.put("weight_decay", SpecValue.real(weightDecay));
        f.put("momentum", SpecValue.real(momentum));
        f.put("centered", SpecValue.bool(centered));
        return f;
    }
}
