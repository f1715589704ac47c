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
 * An optimizer and its hyper-parameters as plain data, with PyTorch's defaults (see
 * {@link #defaults}). Fields a kind does not use are ignored by it, but every field is checked.
 *
 * <p>Ranges, as PyTorch's constructors check them (1.13): lr, weight_decay, eps, lr_decay,
 * initial_accumulator ≥ 0; beta1 and beta2 in [0, 1) (β = 1 would leave a moment at zero and the
 * bias correction 1 − β^t at 0); rho in [0, 1]; Nesterov needs momentum &gt; 0 and dampening 0.
 * Stricter than PyTorch, which checks only momentum ≥ 0 and alpha ≥ 0 and leaves dampening
 * unchecked: momentum, dampening and alpha must lie in [0, 1] here, as beyond 1 their decay
 * factors turn negative and the buffers diverge or go NaN.
 *
 * @param momentum   SGD and RMSProp momentum (0 = none)
 * @param dampening  SGD dampening
 * @param nesterov   SGD Nesterov momentum (needs momentum &gt; 0 and dampening 0, as PyTorch)
 * @param beta1      Adam/AdamW β1
 * @param beta2      Adam/AdamW β2
 * @param eps        ε of AdaGrad, Adadelta, RMSProp, Adam, AdamW
 * @param alpha      RMSProp smoothing constant
 * @param rho        Adadelta decay
 * @param lrDecay    AdaGrad learning-rate decay
 * @param initialAccumulator  AdaGrad's initial accumulator value
 * @param centered   RMSProp centered variant
 * @param amsgrad    Adam/AdamW AMSGrad variant (the running maximum of the second moment)
 */
public record OptimizerSpec(Kind kind, double lr, double weightDecay, double momentum, double dampening,
                            boolean nesterov, double beta1, double beta2, double eps, double alpha, double rho,
                            double lrDecay, double initialAccumulator, boolean centered, boolean amsgrad) {

    /** The optimizers. */
    public enum Kind {
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

    public OptimizerSpec {
        if (kind == null) {
            throw new SpecException("optimizer: no kind");
        }
        try {
            check(UnaryOperator.identity(), lr, weightDecay, momentum, dampening, nesterov, beta1, beta2, eps, alpha, rho,
                    lrDecay, initialAccumulator);
        } catch (SpecException e) {
            throw new SpecException("optimizer " + kind.text() + ": " + e.getMessage());
        }
    }

    /** The ranges of the class comment; the message names the key as {@code keyName} gives it ({@code optimizer.lr}). */
    static void check(UnaryOperator<String> keyName, double lr, double weightDecay, double momentum, double dampening,
                      boolean nesterov, double beta1, double beta2, double eps, double alpha, double rho, double lrDecay,
                      double initialAccumulator) {
        atLeastZero(keyName, "lr", lr);
        atLeastZero(keyName, "weight_decay", weightDecay);
        atLeastZero(keyName, "eps", eps);
        atLeastZero(keyName, "lr_decay", lrDecay);
        atLeastZero(keyName, "initial_accumulator", initialAccumulator);
        closedUnit(keyName, "momentum", momentum);
        closedUnit(keyName, "dampening", dampening);
        closedUnit(keyName, "alpha", alpha);
        closedUnit(keyName, "rho", rho);
        halfOpenUnit(keyName, "beta1", beta1);
        halfOpenUnit(keyName, "beta2", beta2);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new SpecException("key '" + keyName.apply("nesterov") + "': Nesterov momentum requires a momentum and "
                    + "zero dampening, got momentum " + momentum + " and dampening " + dampening);
        }
    }

    private static void atLeastZero(UnaryOperator<String> keyName, String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new SpecException("key '" + keyName.apply(key) + "' must be a finite number >= 0, got " + v);
        }
    }

    private static void closedUnit(UnaryOperator<String> keyName, String key, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new SpecException("key '" + keyName.apply(key) + "' must be in [0, 1], got " + v);
        }
    }

    private static void halfOpenUnit(UnaryOperator<String> keyName, String key, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new SpecException("key '" + keyName.apply(key) + "' must be in [0, 1) as PyTorch requires, got " + v);
        }
    }

    /**
     * PyTorch's defaults for {@code kind}: lr 0.01 (SGD: 0.01, Adagrad 0.01, Adadelta 1.0,
     * RMSprop 0.01, Adam 0.001, AdamW 0.001), weight decay 0 (AdamW 0.01), betas (0.9, 0.999),
     * eps 1e-8 (Adagrad 1e-10, Adadelta 1e-6), alpha 0.99, rho 0.9, amsgrad off.
     */
    public static OptimizerSpec defaults(Kind kind) {
        double lr = switch (kind) {
            case SGD, ADAGRAD, RMSPROP -> 0.01;
            case ADADELTA -> 1.0;
            case ADAM, ADAMW -> 0.001;
        };
        double eps = switch (kind) {
            case ADAGRAD -> 1e-10;
            case ADADELTA -> 1e-6;
            default -> 1e-8;
        };
        return new OptimizerSpec(kind, lr, kind == Kind.ADAMW ? 0.01 : 0, 0, 0, false, 0.9, 0.999, eps, 0.99, 0.9,
                0, 0, false, false);
    }

    public OptimizerSpec withLr(double v) {
        return new OptimizerSpec(kind, v, weightDecay, momentum, dampening, nesterov, beta1, beta2, eps, alpha, rho,
                lrDecay, initialAccumulator, centered, amsgrad);
    }

    public OptimizerSpec withWeightDecay(double v) {
        return new OptimizerSpec(kind, lr, v, momentum, dampening, nesterov, beta1, beta2, eps, alpha, rho,
                lrDecay, initialAccumulator, centered, amsgrad);
    }

    public OptimizerSpec withMomentum(double m, double damp, boolean nest) {
        return new OptimizerSpec(kind, lr, weightDecay, m, damp, nest, beta1, beta2, eps, alpha, rho,
                lrDecay, initialAccumulator, centered, amsgrad);
    }

    public OptimizerSpec withAmsgrad(boolean v) {
        return new OptimizerSpec(kind, lr, weightDecay, momentum, dampening, nesterov, beta1, beta2, eps, alpha, rho,
                lrDecay, initialAccumulator, centered, v);
    }

    /** A fresh optimizer for {@code paramCount} parameters of the given precision. */
    public Optimizer create(Precision precision, int paramCount) {
        return switch (kind) {
            case SGD -> new Sgd(this, precision, paramCount);
            case ADAGRAD -> new Adagrad(this, precision, paramCount);
            case ADADELTA -> new Adadelta(this, precision, paramCount);
            case RMSPROP -> new RmsProp(this, precision, paramCount);
            case ADAM, ADAMW -> new Adam(this, precision, paramCount);
        };
    }

    /**
     * Every field as a typed value, in the order of {@link #toText()} and of a resolved config:
     * {@code lr weight_decay momentum dampening nesterov beta1 beta2 eps alpha rho lr_decay
     * initial_accumulator centered}, then {@code amsgrad} only when true (see {@link #toText()}).
     */
    public Map<String, SpecValue> fields() {
        Map<String, SpecValue> f = new LinkedHashMap<>();
        f.put("lr", SpecValue.real(lr));
        f.put("weight_decay", SpecValue.real(weightDecay));
        f.put("momentum", SpecValue.real(momentum));
        f.put("dampening", SpecValue.real(dampening));
        f.put("nesterov", SpecValue.bool(nesterov));
        f.put("beta1", SpecValue.real(beta1));
        f.put("beta2", SpecValue.real(beta2));
        f.put("eps", SpecValue.real(eps));
        f.put("alpha", SpecValue.real(alpha));
        f.put("rho", SpecValue.real(rho));
        f.put("lr_decay", SpecValue.real(lrDecay));
        f.put("initial_accumulator", SpecValue.real(initialAccumulator));
        f.put("centered", SpecValue.bool(centered));
        if (amsgrad) {
            f.put("amsgrad", SpecValue.bool(true));
        }
        return f;
    }

    /**
     * One line {@code kind lr=... weight_decay=...} of the {@link #fields()}, for model files,
     * checkpoints and resolved configs: every field, except {@code amsgrad}, written only when true.
     * So the text of every spec that existed before amsgrad is unchanged: model files stay byte for
     * byte what earlier builds wrote, and a run checkpointed before it resumes without a "changed key".
     */
    public String toText() {
        return SpecValue.line(kind.text(), fields());
    }
}
