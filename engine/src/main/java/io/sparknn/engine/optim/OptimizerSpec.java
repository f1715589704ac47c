package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.layer.SpecException;
import java.util.Locale;

/**
 * An optimizer and its hyper-parameters as plain data, with PyTorch's defaults (see
 * {@link #defaults}). Fields a kind does not use are ignored by it.
 *
 * @param momentum   SGD momentum (0 = plain SGD)
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
 */
public record OptimizerSpec(Kind kind, double lr, double weightDecay, double momentum, double dampening,
                            boolean nesterov, double beta1, double beta2, double eps, double alpha, double rho,
                            double lrDecay, double initialAccumulator, boolean centered) {

    /** The optimizers. */
    public enum Kind {
        SGD, ADAGRAD, ADADELTA, RMSPROP, ADAM, ADAMW;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String where, String text) {
            for (Kind k : values()) {
                if (k.text().equals(text)) {
                    return k;
                }
            }
            throw new SpecException(where + ": unknown optimizer '" + text
                    + "' (one of sgd, adagrad, adadelta, rmsprop, adam, adamw)");
        }
    }

    public OptimizerSpec {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new SpecException("optimizer: learning rate must be >= 0, got " + lr);
        }
        if (!(weightDecay >= 0)) {
            throw new SpecException("optimizer: weight decay must be >= 0, got " + weightDecay);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new SpecException("optimizer: nesterov needs momentum > 0 and dampening 0");
        }
    }

    /**
     * PyTorch's defaults for {@code kind}: lr 0.01 (SGD: 0.01, Adagrad 0.01, Adadelta 1.0,
     * RMSprop 0.01, Adam 0.001, AdamW 0.001), weight decay 0 (AdamW 0.01), betas (0.9, 0.999),
     * eps 1e-8 (Adagrad 1e-10, Adadelta 1e-6), alpha 0.99, rho 0.9.
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
                0, 0, false);
    }

    public OptimizerSpec withLr(double v) {
        return new OptimizerSpec(kind, v, weightDecay, momentum, dampening, nesterov, beta1, beta2, eps, alpha, rho,
                lrDecay, initialAccumulator, centered);
    }

    public OptimizerSpec withWeightDecay(double v) {
        return new OptimizerSpec(kind, lr, v, momentum, dampening, nesterov, beta1, beta2, eps, alpha, rho,
                lrDecay, initialAccumulator, centered);
    }

    public OptimizerSpec withMomentum(double m, double damp, boolean nest) {
        return new OptimizerSpec(kind, lr, weightDecay, m, damp, nest, beta1, beta2, eps, alpha, rho,
                lrDecay, initialAccumulator, centered);
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

    /** One line {@code kind lr=... weight_decay=...} with every field, for model files and checkpoints. */
    public String toText() {
        return kind.text() + " lr=" + lr + " weight_decay=" + weightDecay + " momentum=" + momentum
                + " dampening=" + dampening + " nesterov=" + nesterov + " beta1=" + beta1 + " beta2=" + beta2
                + " eps=" + eps + " alpha=" + alpha + " rho=" + rho + " lr_decay=" + lrDecay
                + " initial_accumulator=" + initialAccumulator + " centered=" + centered;
    }
}
