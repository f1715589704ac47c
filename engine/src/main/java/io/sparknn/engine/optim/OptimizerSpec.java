package io.sparknn.engine.optim;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.layer.SpecValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * An optimizer and its hyper-parameters as plain data: one record per optimizer, holding only the
 * keys PyTorch's (1.13) constructor of that optimizer takes, under PyTorch's names and with its
 * defaults (see {@link #defaults}). A key of another optimizer has no place to go, so a config or a
 * model-file line giving one is refused by {@link OptimizerSpecs#read} (unless it holds the value
 * every earlier version wrote for it).
 *
 * <p>Ranges, as PyTorch's constructors check them (1.13): lr, weight_decay, eps, lr_decay,
 * initial_accumulator ≥ 0; beta1 and beta2 in [0, 1) (β = 1 would leave a moment at zero and the
 * bias correction 1 − β^t at 0); rho in [0, 1]; Nesterov needs momentum &gt; 0 and dampening 0.
 * Stricter than PyTorch, which checks only momentum ≥ 0 and alpha ≥ 0 and leaves dampening
 * unchecked: momentum, dampening and alpha must lie in [0, 1] here, as beyond 1 their decay
 * factors turn negative and the buffers diverge or go NaN. Every record checks them when built (its {@link HyperParameters} table).
 * LARS and LAMB, which PyTorch lacks, take the same ranges for the same keys, and
 * {@code trust_coefficient} ≥ 0.
 */
public sealed interface OptimizerSpec
        permits SgdSpec,
                AdagradSpec,
                AdadeltaSpec,
                RmsPropSpec,
                AdamFamilySpec,
                LbfgsSpec,
                TrustRatioSpec,
                HessianFreeSpec,
                KfacSpec {

    /** The optimizers. */
    enum Kind {
        SGD(SgdSpec.class),
        ADAGRAD(AdagradSpec.class),
        ADADELTA(AdadeltaSpec.class),
        RMSPROP(RmsPropSpec.class),
        ADAM(AdamSpec.class),
        ADAMW(AdamWSpec.class),
        LBFGS(LbfgsSpec.class),
        LARS(LarsSpec.class),
        LAMB(LambSpec.class),
        HESSIAN_FREE(HessianFreeSpec.class),
        KFAC(KfacSpec.class);

        private final Class<? extends OptimizerSpec> record;

        Kind(Class<? extends OptimizerSpec> record) {
            this.record = record;
        }

        /** The kind whose record {@code spec} is. */
        static Kind of(OptimizerSpec spec) {
            for (Kind k : values()) {
                if (k.record == spec.getClass()) {
                    return k;
                }
            }
            throw new IllegalStateException("no optimizer kind for " + spec.getClass());
        }

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Every kind's text, for messages and the config's {@code optimizer.type}. */
        public static String[] texts() {
            return Arrays.stream(values()).map(Kind::text).toArray(String[]::new);
        }

        /** This optimizer's table of keys, record and optimizer. */
        HyperParameters<?> keys() {
            return switch (this) {
                case SGD -> SgdSpec.KEYS;
                case ADAGRAD -> AdagradSpec.KEYS;
                case ADADELTA -> AdadeltaSpec.KEYS;
                case RMSPROP -> RmsPropSpec.KEYS;
                case ADAM -> AdamSpec.KEYS;
                case ADAMW -> AdamWSpec.KEYS;
                case LBFGS -> LbfgsSpec.KEYS;
                case LARS -> LarsSpec.KEYS;
                case LAMB -> LambSpec.KEYS;
                case HESSIAN_FREE -> HessianFreeSpec.KEYS;
                case KFAC -> KfacSpec.KEYS;
            };
        }

        public static Kind parse(String where, String text) {
            for (Kind k : values()) {
                if (k.text().equals(text)) {
                    return k;
                }
            }
            throw new SpecException(
                    where + ": unknown optimizer '" + text + "' (one of " + String.join(", ", texts()) + ")");
        }
    }

    /** Which optimizer this is. */
    default Kind kind() {
        return Kind.of(this);
    }

    /** The base learning rate (a schedule scales it per step). */
    double lr();

    /** Weight decay λ (AdamW decoupled, the others added to the gradient; L-BFGS has none: 0). */
    double weightDecay();

    /** This spec with another base learning rate. */
    default OptimizerSpec withLr(double v) {
        return kind().keys().with(this, HyperParameter.LR, SpecValue.real(v));
    }

    /** This spec with another weight decay. */
    default OptimizerSpec withWeightDecay(double v) {
        return kind().keys().with(this, HyperParameter.WEIGHT_DECAY, SpecValue.real(v));
    }

    /**
     * A fresh optimizer for {@code paramCount} parameters of the given precision. A layer-wise
     * optimizer (LARS, LAMB) made this way sees the vector as one tensor: give it the network
     * ({@link #create(Precision, NetworkSpec)}).
     */
    default Optimizer create(Precision precision, int paramCount) {
        return kind().keys().create(this, precision, paramCount);
    }

    /** A fresh optimizer for the parameters of {@code network} (LARS and LAMB take a norm per tensor). */
    default Optimizer create(Precision precision, NetworkSpec network) {
        if (this instanceof KfacSpec k) { // K-FAC's factors follow the layers, not only the tensors
            return new Kfac(k, precision, network);
        }
        return kind().keys().create(this, precision, ParameterTensors.of(network));
    }

    /**
     * This kind's own keys as typed values, in the order of PyTorch's constructor arguments: what a
     * resolved config writes, and what {@link OptimizerSpecs#read} reads back to an equal spec.
     */
    default Map<String, SpecValue> fields() {
        return kind().keys().fields(this);
    }

    /**
     * The line {@code kind lr=... weight_decay=...} model files and checkpoints hold: for every kind
     * every key earlier versions wrote, in their order ({@code lr weight_decay momentum dampening
     * nesterov beta1 beta2 eps alpha rho lr_decay initial_accumulator centered}), the keys of other
     * kinds at the defaults those versions wrote for them, then {@code amsgrad=true} only when set.
     * So the bytes of model.bin are those earlier builds wrote for the same run, and
     * {@link OptimizerSpecs#parse} reads the line back (the other kinds' keys hold those defaults).
     * A kind added since (L-BFGS, LARS, LAMB) writes its own keys only, in its order.
     */
    default String toText() {
        return OptimizerSpecs.legacyLine(this);
    }

    /**
     * PyTorch's defaults for {@code kind}: lr 0.01 (SGD: 0.01, Adagrad 0.01, Adadelta 1.0,
     * RMSprop 0.01, Adam 0.001, AdamW 0.001), weight decay 0 (AdamW 0.01), betas (0.9, 0.999),
     * eps 1e-8 (Adagrad 1e-10, Adadelta 1e-6), alpha 0.99, rho 0.9, amsgrad off.
     */
    static OptimizerSpec defaults(Kind kind) {
        return switch (kind) {
            case SGD -> sgd();
            case ADAGRAD -> adagrad();
            case ADADELTA -> adadelta();
            case RMSPROP -> rmsprop();
            case ADAM -> adam();
            case ADAMW -> adamw();
            case LBFGS -> lbfgs();
            case LARS -> lars();
            case LAMB -> lamb();
            case HESSIAN_FREE -> hessianFree();
            case KFAC -> kfac();
        };
    }

    /** SGD: lr 0.01 (PyTorch requires lr; this project's default), no momentum, no weight decay. */
    static SgdSpec sgd() {
        return new SgdSpec(0.01, 0, 0, false, 0);
    }

    /** Adagrad: lr 0.01, lr_decay 0, weight decay 0, initial accumulator 0, eps 1e-10. */
    static AdagradSpec adagrad() {
        return new AdagradSpec(0.01, 0, 0, 0, 1e-10);
    }

    /** Adadelta: lr 1.0, rho 0.9, eps 1e-6, weight decay 0. */
    static AdadeltaSpec adadelta() {
        return new AdadeltaSpec(1.0, 0.9, 1e-6, 0);
    }

    /** RMSprop: lr 0.01, alpha 0.99, eps 1e-8, weight decay 0, momentum 0, not centered. */
    static RmsPropSpec rmsprop() {
        return new RmsPropSpec(0.01, 0.99, 1e-8, 0, 0, false);
    }

    /** Adam: lr 0.001, betas (0.9, 0.999), eps 1e-8, weight decay 0, amsgrad off. */
    static AdamSpec adam() {
        return new AdamSpec(0.001, 0.9, 0.999, 1e-8, 0, false);
    }

    /** AdamW: as Adam but weight decay 0.01. */
    static AdamWSpec adamw() {
        return new AdamWSpec(0.001, 0.9, 0.999, 1e-8, 0.01, false);
    }

    /**
     * L-BFGS: lr 1, max_iter 20, max_eval 25 (max_iter·5/4), tolerance_grad 1e-7, tolerance_change
     * 1e-9, history_size 100, no line search.
     */
    static LbfgsSpec lbfgs() {
        return new LbfgsSpec(1.0, 20, 25, 1e-7, 1e-9, 100, LbfgsSpec.LineSearch.NONE);
    }

    /** LARS (no PyTorch default): lr 1.0, momentum 0.9, weight decay 0.0005, η 0.001, biases and norms excluded. */
    static LarsSpec lars() {
        return new LarsSpec(1.0, 0.9, 0.0005, 0.001, ParameterTensors.Exclude.BIAS_AND_NORM);
    }

    /** LAMB (no PyTorch default): lr 0.001, betas (0.9, 0.999), ε 1e-6, weight decay 0.01, biases and norms excluded. */
    static LambSpec lamb() {
        return new LambSpec(0.001, 0.9, 0.999, 1e-6, 0.01, ParameterTensors.Exclude.BIAS_AND_NORM);
    }

    /**
     * Hessian-free (no PyTorch default; Martens 2010): lr 1, damping 1, max_cg_iter 250, cg_tolerance
     * 5e-4, warm_start 0.95, preconditioner_exponent 0.75, curvature_fraction 0.25.
     */
    static HessianFreeSpec hessianFree() {
        return new HessianFreeSpec(1.0, 1.0, 250, 5e-4, 0.95, 0.75, 0.25);
    }

    /** K-FAC (no PyTorch default; Martens and Grosse 2015): lr 0.01, damping 0.001, factor_decay 0.95, inverse_interval 20. */
    static KfacSpec kfac() {
        return new KfacSpec(0.01, 0.001, 0.95, 20);
    }
}
