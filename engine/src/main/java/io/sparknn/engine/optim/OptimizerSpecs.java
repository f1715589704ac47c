package io.sparknn.engine.optim;

import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.layer.SpecFields;

/** Reads an {@link OptimizerSpec} from its kind and fields (config files, the text in model files). */
public final class OptimizerSpecs {
    private OptimizerSpecs() {
    }

    /** Parses a line written by {@link OptimizerSpec#toText()}. */
    public static OptimizerSpec parse(String where, String line) {
        SpecFields.Line l = SpecFields.line(where, line);
        return read(l.kind(), l.fields());
    }

    /**
     * The spec of {@code kind}: PyTorch's defaults, overridden by the fields given; unknown keys are
     * errors, and so is a value out of the ranges {@link OptimizerSpec} documents (the error names
     * the key). A missing {@code amsgrad} (every model file written before it existed) is false.
     */
    public static OptimizerSpec read(String kind, SpecFields f) {
        OptimizerSpec d = OptimizerSpec.defaults(OptimizerSpec.Kind.parse(f.where(), kind));
        // The closed ranges here; OptimizerSpec.check adds what they cannot say (β < 1, Nesterov).
        double big = Double.MAX_VALUE;
        double lr = f.number("lr", 0, big, d.lr());
        double weightDecay = f.number("weight_decay", 0, big, d.weightDecay());
        double momentum = f.number("momentum", 0, 1, d.momentum());
        double dampening = f.number("dampening", 0, 1, d.dampening());
        boolean nesterov = f.flag("nesterov", d.nesterov());
        double beta1 = f.number("beta1", 0, 1, d.beta1());
        double beta2 = f.number("beta2", 0, 1, d.beta2());
        double eps = f.number("eps", 0, big, d.eps());
        double alpha = f.number("alpha", 0, 1, d.alpha());
        double rho = f.number("rho", 0, 1, d.rho());
        double lrDecay = f.number("lr_decay", 0, big, d.lrDecay());
        double initialAccumulator = f.number("initial_accumulator", 0, big, d.initialAccumulator());
        boolean centered = f.flag("centered", d.centered());
        boolean amsgrad = f.flag("amsgrad", d.amsgrad());
        f.finish();
        try {
            OptimizerSpec.check(f::key, lr, weightDecay, momentum, dampening, nesterov, beta1, beta2, eps, alpha, rho,
                    lrDecay, initialAccumulator);
        } catch (SpecException e) {
            throw new SpecException(f.source() + ": " + e.getMessage());
        }
        return new OptimizerSpec(d.kind(), lr, weightDecay, momentum, dampening, nesterov, beta1, beta2, eps, alpha, rho,
                lrDecay, initialAccumulator, centered, amsgrad);
    }
}
