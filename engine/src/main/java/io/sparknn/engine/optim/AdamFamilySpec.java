package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.layer.SpecValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link AdamSpec} and {@link AdamWSpec} share: the same six fields, checks ({@link
 * AdamSpec#check}), keys and optimizer ({@link Adam}), written once here. They stay two records
 * because they are PyTorch's two optimizers: one weight decay means two things (an L2 term added
 * to the gradient in Adam, a decoupled shrink of the parameters in AdamW), with two defaults (0 and
 * 0.01). The type keeps that, as the config's {@code "type"} keeps it in the file: a {@code with…}
 * copy stays the optimizer it was ({@link #with} is the one place that makes the record), and no
 * flag can make an Adam spec decay like AdamW.
 *
 * @param <S> the record itself, so that a copy keeps its type
 */
public sealed interface AdamFamilySpec<S extends AdamFamilySpec<S>> extends OptimizerSpec permits AdamSpec, AdamWSpec {

    double beta1();

    double beta2();

    double eps();

    /** The AMSGrad variant (the running maximum of the second moment). */
    boolean amsgrad();

    /** A spec of this record's kind with these values. */
    S with(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad);

    @Override
    default S withLr(double v) {
        return with(v, beta1(), beta2(), eps(), weightDecay(), amsgrad());
    }

    @Override
    default S withWeightDecay(double v) {
        return with(lr(), beta1(), beta2(), eps(), v, amsgrad());
    }

    default S withAmsgrad(boolean v) {
        return with(lr(), beta1(), beta2(), eps(), weightDecay(), v);
    }

    @Override
    default Optimizer create(Precision precision, int paramCount) {
        return new Adam(this, precision, paramCount);
    }

    /** In the order of PyTorch's constructor arguments. */
    @Override
    default Map<String, SpecValue> fields() {
        Map<String, SpecValue> f = new LinkedHashMap<>();
        f.put("lr", SpecValue.real(lr()));
        f.put("beta1", SpecValue.real(beta1()));
        f.put("beta2", SpecValue.real(beta2()));
        f.put("eps", SpecValue.real(eps()));
        f.put("weight_decay", SpecValue.real(weightDecay()));
        f.put("amsgrad", SpecValue.bool(amsgrad()));
        return f;
    }
}
