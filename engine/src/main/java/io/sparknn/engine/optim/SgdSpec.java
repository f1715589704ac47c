package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.OptimizerChecks.atLeastZero;
import static io.sparknn.engine.optim.OptimizerChecks.checked;
import static io.sparknn.engine.optim.OptimizerChecks.closedUnit;

import io.sparknn.engine.Precision;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.layer.SpecValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code torch.optim.SGD(lr, momentum, dampening, weight_decay, nesterov)}.
 *
 * @param momentum  momentum μ (0 = none)
 * @param dampening dampening τ
 * @param nesterov  Nesterov momentum (needs momentum &gt; 0 and dampening 0, as PyTorch)
 */
public record SgdSpec(double lr, double momentum, double dampening, boolean nesterov, double weightDecay)
        implements OptimizerSpec {
    public SgdSpec {
        checked(Kind.SGD, () -> check(UnaryOperator.identity(), lr, momentum, dampening, nesterov, weightDecay));
    }

    static void check(
            UnaryOperator<String> key,
            double lr,
            double momentum,
            double dampening,
            boolean nesterov,
            double weightDecay) {
        atLeastZero(key, "lr", lr);
        atLeastZero(key, "weight_decay", weightDecay);
        closedUnit(key, "momentum", momentum);
        closedUnit(key, "dampening", dampening);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new SpecException("key '" + key.apply("nesterov") + "': Nesterov momentum requires a momentum and "
                    + "zero dampening, got momentum " + momentum + " and dampening " + dampening);
        }
    }

    @Override
    public Kind kind() {
        return Kind.SGD;
    }

    @Override
    public SgdSpec withLr(double v) {
        return new SgdSpec(v, momentum, dampening, nesterov, weightDecay);
    }

    @Override
    public SgdSpec withWeightDecay(double v) {
        return new SgdSpec(lr, momentum, dampening, nesterov, v);
    }

    public SgdSpec withMomentum(double m, double damp, boolean nest) {
        return new SgdSpec(lr, m, damp, nest, weightDecay);
    }

    @Override
    public Optimizer create(Precision precision, int paramCount) {
        return new Sgd(this, precision, paramCount);
    }

    @Override
    public Map<String, SpecValue> fields() {
        Map<String, SpecValue> f = new LinkedHashMap<>();
        f.put("lr", SpecValue.real(lr));
        f.put("momentum", SpecValue.real(momentum));
        f.put("dampening", SpecValue.real(dampening));
        f.put("nesterov", SpecValue.bool(nesterov));
        f.put("weight_decay", SpecValue.real(weightDecay));
        return f;
    }
}
