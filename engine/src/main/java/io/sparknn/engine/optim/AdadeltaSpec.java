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
 * {@code torch.optim.Adadelta(lr, rho, eps, weight_decay)}.
 *
 * @param rho decay of the running averages
 */
public record AdadeltaSpec(double lr, double rho, double eps, double weightDecay) implements OptimizerSpec {
    public AdadeltaSpec {
        checked(Kind.ADADELTA, () -> check(UnaryOperator.identity(), lr, rho, eps, weightDecay));
    }

    static void check(UnaryOperator<String> key, double lr, double rho, double eps, double weightDecay) {
        atLeastZero(key, "lr", lr);
        atLeastZero(key, "weight_decay", weightDecay);
        atLeastZero(key, "eps", eps);
        closedUnit(key, "rho", rho);
    }

    @Override
    public Kind kind() {
        return Kind.ADADELTA;
    }

    @Override
    public AdadeltaSpec withLr(double v) {
        return new AdadeltaSpec(v, rho, eps, weightDecay);
    }

    @Override
    public AdadeltaSpec withWeightDecay(double v) {
        return new AdadeltaSpec(lr, rho, eps, v);
    }

    @Override
    public Optimizer create(Precision precision, int paramCount) {
        return new Adadelta(this, precision, paramCount);
    }

    @Override
    public Map<String, SpecValue> fields() {
        Map<String, SpecValue> f = new LinkedHashMap<>();
        f.put("lr", SpecValue.real(lr));
        f.put("rho", SpecValue.real(rho));
        f.put("eps", SpecValue.real(eps));
        f.put("weight_decay", SpecValue.real(weightDecay));
        return f;
    }
}
