package io.sparknn.engine.optim;

import io.sparknn.engine.layer.SpecFields;
import io.sparknn.engine.layer.SpecException;

/** Reads an {@link OptimizerSpec} from its kind and fields (config files, the text in model files). */
public final class OptimizerSpecs {
    private OptimizerSpecs() {
    }

    /** Parses a line written by {@link OptimizerSpec#toText()}. */
    public static OptimizerSpec parse(String where, String line) {
        SpecFields.Line l = SpecFields.line(where, line);
        return read(l.kind(), l.fields());
    }

    /** The spec of {@code kind}: PyTorch's defaults, overridden by the fields given; unknown keys are errors. */
    public static OptimizerSpec read(String kind, SpecFields f) {
        OptimizerSpec d = OptimizerSpec.defaults(OptimizerSpec.Kind.parse(f.where(), kind));
        double big = Double.MAX_VALUE;
        OptimizerSpec s;
        try {
            s = new OptimizerSpec(d.kind(), f.number("lr", 0, big, d.lr()), f.number("weight_decay", 0, big, d.weightDecay()),
                    f.number("momentum", 0, 1, d.momentum()), f.number("dampening", 0, 1, d.dampening()),
                    f.flag("nesterov", d.nesterov()), f.number("beta1", 0, 1, d.beta1()), f.number("beta2", 0, 1, d.beta2()),
                    f.number("eps", 0, big, d.eps()), f.number("alpha", 0, 1, d.alpha()), f.number("rho", 0, 1, d.rho()),
                    f.number("lr_decay", 0, big, d.lrDecay()), f.number("initial_accumulator", 0, big, d.initialAccumulator()),
                    f.flag("centered", d.centered()));
        } catch (SpecException e) {
            throw e.getMessage().startsWith(f.where()) ? e : new SpecException(f.where() + ": " + e.getMessage());
        }
        f.finish();
        return s;
    }
}
