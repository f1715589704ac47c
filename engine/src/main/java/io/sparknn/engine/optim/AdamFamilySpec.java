package io.sparknn.engine.optim;

import io.sparknn.engine.layer.SpecValue;

/**
 * What {@link AdamSpec} and {@link AdamWSpec} share: the same six fields, keys and ranges ({@link
 * AdamSpec#keys}) and optimizer ({@link Adam}), written once here. They stay two records
 * because they are PyTorch's two optimizers: one weight decay means two things (an L2 term added
 * to the gradient in Adam, a decoupled shrink of the parameters in AdamW), with two defaults (0 and
 * 0.01). The type keeps that, as the config's {@code "type"} keeps it in the file: a {@code with…}
 * copy stays the optimizer it was (the record's {@link HyperParameters} table makes it), and no
 * flag can make an Adam spec decay like AdamW.
 *
 */
public sealed interface AdamFamilySpec extends OptimizerSpec permits AdamSpec, AdamWSpec {

    double beta1();

    double beta2();

    double eps();

    /** The AMSGrad variant (the running maximum of the second moment). */
    boolean amsgrad();

    /** This spec with or without AMSGrad. */
    default OptimizerSpec withAmsgrad(boolean v) {
        return kind().keys().with(this, AdamSpec.AMSGRAD, SpecValue.bool(v));
    }
}
