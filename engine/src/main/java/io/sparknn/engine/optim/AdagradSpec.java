package io.sparknn.engine.optim;

import static io.sparknn.engine.optim.OptimizerChecks.atLeastZero;
import static io.sparknn.engine.optim.OptimizerChecks.checked;

import io.sparknn.engine.Precision;
import io.sparknn.engine.layer.SpecValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code torch.optim.Adagrad(lr, lr_decay, weight_decay, initial_accumulator_value, eps)}.
 *
 * @param lrDecay            learning-rate decay
 * @param initialAccumulator the accumulator's initial value ({@code initial_accumulator})
 */
public record AdagradSpec(double lr, double lrDecay, double weightDecay, double initialAccumulator, double eps)
        implements OptimizerSpec {
    public AdagradSpec {
        checked(Kind.ADAGRAD, () -> check(UnaryOperator.identity(), lr, lrDecay, weightDecay, initialAccumulator, eps));
    }

    static void check(
            UnaryOperator<String> key,
            double lr,
            double lrDecay,
            double weightDecay,
            double initialAccumulator,
            double eps) {
        atLeastZero(key, "lr", lr);
        atLeastZero(key, "weight_decay", weightDecay);
        atLeastZero(key, "eps", eps);
        atLeastZero(key, "lr_decay", lrDecay);
        atLeastZero(key, "initial_accumulator", initialAccumulator);
    }

    @Override
    public Kind kind() {
        return Kind.ADAGRAD;
    }

    @Override
    public AdagradSpec withLr(double v) {
        return new AdagradSpec(v, lrDecay, weightDecay, initialAccumulator, eps);
    }

    @Override
    public AdagradSpec withWeightDecay(double v) {
        return new AdagradSpec(lr, lrDecay, v, initialAccumulator, eps);
    }

    @Override
    public Optimizer create(Precision precision, int paramCount) {
        return new Adagrad(this, precision, paramCount);
    }

    @Override
    public Map<String, SpecValue> fields() {
        Map<String, SpecValue> f = new LinkedHashMap<>();
        f.put("lr", SpecValue.real(lr));
        f.put("lr_decay", SpecValue.real(lrDecay));
        f.put("weight_decay", SpecValue.real(weightDecay));
        f.put("initial_accumulator", SpecValue.real(initialAccumulator));
        f.put("eps", SpecValue.real(eps));
        return f;
    }
}
