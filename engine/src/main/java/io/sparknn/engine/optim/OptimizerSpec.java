package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.layer.SpecValue;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

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
 * factors turn negative and the buffers diverge or go NaN. Every record checks them when built.
 */
public sealed interface OptimizerSpec {

    /** The optimizers. */
    enum Kind {
        SGD, ADAGRAD, ADADELTA, RMSPROP, ADAM, ADAMW;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Every kind's text, for messages and the config's {@code optimizer.type}. */
        public static String[] texts() {
            return Arrays.stream(values()).map(Kind::text).toArray(String[]::new);
        }

        public static Kind parse(String where, String text) {
            for (Kind k : values()) {
                if (k.text().equals(text)) {
                    return k;
                }
            }
            throw new SpecException(where + ": unknown optimizer '" + text + "' (one of " + String.join(", ", texts()) + ")");
        }
    }

    Kind kind();

    /** The base learning rate (a schedule scales it per step). */
    double lr();

    /** Weight decay λ: every optimizer has one (AdamW decoupled, the others added to the gradient). */
    double weightDecay();

    OptimizerSpec withLr(double v);

    OptimizerSpec withWeightDecay(double v);

    /** A fresh optimizer for {@code paramCount} parameters of the given precision. */
    Optimizer create(Precision precision, int paramCount);

    /**
     * This kind's own keys as typed values, in the order of PyTorch's constructor arguments: what a
     * resolved config writes, and what {@link OptimizerSpecs#read} reads back to an equal spec.
     */
    Map<String, SpecValue> fields();

    /**
     * The line {@code kind lr=... weight_decay=...} model files and checkpoints hold: for every kind
     * every key earlier versions wrote, in their order ({@code lr weight_decay momentum dampening
     * nesterov beta1 beta2 eps alpha rho lr_decay initial_accumulator centered}), the keys of other
     * kinds at the defaults those versions wrote for them, then {@code amsgrad=true} only when set.
     * So the bytes of model.bin are those earlier builds wrote for the same run, and
     * {@link OptimizerSpecs#parse} reads the line back (the other kinds' keys hold those defaults).
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
     * {@code torch.optim.SGD(lr, momentum, dampening, weight_decay, nesterov)}.
     *
     * @param momentum  momentum μ (0 = none)
     * @param dampening dampening τ
     * @param nesterov  Nesterov momentum (needs momentum &gt; 0 and dampening 0, as PyTorch)
     */
    record SgdSpec(double lr, double momentum, double dampening, boolean nesterov, double weightDecay)
            implements OptimizerSpec {
        public SgdSpec {
            checked(Kind.SGD, () -> check(UnaryOperator.identity(), lr, momentum, dampening, nesterov, weightDecay));
        }

        static void check(UnaryOperator<String> key, double lr, double momentum, double dampening, boolean nesterov,
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

    /**
     * {@code torch.optim.Adagrad(lr, lr_decay, weight_decay, initial_accumulator_value, eps)}.
     *
     * @param lrDecay            learning-rate decay
     * @param initialAccumulator the accumulator's initial value ({@code initial_accumulator})
     */
    record AdagradSpec(double lr, double lrDecay, double weightDecay, double initialAccumulator, double eps)
            implements OptimizerSpec {
        public AdagradSpec {
            checked(Kind.ADAGRAD, () -> check(UnaryOperator.identity(), lr, lrDecay, weightDecay, initialAccumulator, eps));
        }

        static void check(UnaryOperator<String> key, double lr, double lrDecay, double weightDecay,
                          double initialAccumulator, double eps) {
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

    /**
     * {@code torch.optim.Adadelta(lr, rho, eps, weight_decay)}.
     *
     * @param rho decay of the running averages
     */
    record AdadeltaSpec(double lr, double rho, double eps, double weightDecay) implements OptimizerSpec {
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

    /**
     * {@code torch.optim.RMSprop(lr, alpha, eps, weight_decay, momentum, centered)}.
     *
     * @param alpha    smoothing constant
     * @param momentum momentum μ (0 = none)
     * @param centered the centered variant
     */
    record RmsPropSpec(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered)
            implements OptimizerSpec {
        public RmsPropSpec {
            checked(Kind.RMSPROP, () -> check(UnaryOperator.identity(), lr, alpha, eps, weightDecay, momentum));
        }

        static void check(UnaryOperator<String> key, double lr, double alpha, double eps, double weightDecay,
                          double momentum) {
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

    /**
     * {@code torch.optim.Adam(lr, betas=(beta1, beta2), eps, weight_decay, amsgrad)}: weight decay
     * added to the gradient.
     *
     * @param amsgrad the AMSGrad variant (the running maximum of the second moment)
     */
    record AdamSpec(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
            implements OptimizerSpec {
        public AdamSpec {
            checked(Kind.ADAM, () -> check(UnaryOperator.identity(), lr, beta1, beta2, eps, weightDecay));
        }

        /** Adam's and AdamW's ranges; the message names the key as {@code key} gives it ({@code optimizer.beta1}). */
        static void check(UnaryOperator<String> key, double lr, double beta1, double beta2, double eps,
                          double weightDecay) {
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
            return new Adam(Kind.ADAM, beta1, beta2, eps, weightDecay, amsgrad, precision, paramCount);
        }

        @Override
        public Map<String, SpecValue> fields() {
            return adamFields(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }
    }

    /**
     * {@code torch.optim.AdamW(lr, betas=(beta1, beta2), eps, weight_decay, amsgrad)}: Adam with
     * weight decay applied to the parameters (decoupled), default 0.01.
     *
     * @param amsgrad the AMSGrad variant (the running maximum of the second moment)
     */
    record AdamWSpec(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
            implements OptimizerSpec {
        public AdamWSpec {
            checked(Kind.ADAMW, () -> AdamSpec.check(UnaryOperator.identity(), lr, beta1, beta2, eps, weightDecay));
        }

        @Override
        public Kind kind() {
            return Kind.ADAMW;
        }

        @Override
        public AdamWSpec withLr(double v) {
            return new AdamWSpec(v, beta1, beta2, eps, weightDecay, amsgrad);
        }

        @Override
        public AdamWSpec withWeightDecay(double v) {
            return new AdamWSpec(lr, beta1, beta2, eps, v, amsgrad);
        }

        public AdamWSpec withAmsgrad(boolean v) {
            return new AdamWSpec(lr, beta1, beta2, eps, weightDecay, v);
        }

        @Override
        public Optimizer create(Precision precision, int paramCount) {
            return new Adam(Kind.ADAMW, beta1, beta2, eps, weightDecay, amsgrad, precision, paramCount);
        }

        @Override
        public Map<String, SpecValue> fields() {
            return adamFields(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }
    }

    private static Map<String, SpecValue> adamFields(double lr, double beta1, double beta2, double eps,
                                                     double weightDecay, boolean amsgrad) {
        Map<String, SpecValue> f = new LinkedHashMap<>();
        f.put("lr", SpecValue.real(lr));
        f.put("beta1", SpecValue.real(beta1));
        f.put("beta2", SpecValue.real(beta2));
        f.put("eps", SpecValue.real(eps));
        f.put("weight_decay", SpecValue.real(weightDecay));
        f.put("amsgrad", SpecValue.bool(amsgrad));
        return f;
    }

    /** Runs a record's checks with the bare key names; a failure names the optimizer ("optimizer adam: key ..."). */
    private static void checked(Kind kind, Runnable check) {
        try {
            check.run();
        } catch (SpecException e) {
            throw new SpecException("optimizer " + kind.text() + ": " + e.getMessage());
        }
    }

    private static void atLeastZero(UnaryOperator<String> key, String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new SpecException("key '" + key.apply(name) + "' must be a finite number >= 0, got " + v);
        }
    }

    private static void closedUnit(UnaryOperator<String> key, String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new SpecException("key '" + key.apply(name) + "' must be in [0, 1], got " + v);
        }
    }

    private static void halfOpenUnit(UnaryOperator<String> key, String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new SpecException("key '" + key.apply(name) + "' must be in [0, 1) as PyTorch requires, got " + v);
        }
    }
}
