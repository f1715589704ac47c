package io.sparknn.engine.optim;

import io.sparknn.engine.layer.SpecException;
import java.util.function.UnaryOperator;

/**
 * The range checks the optimizer records ({@link SgdSpec}, {@link AdamSpec}, ...) share; the
 * message names the key as {@code key} gives it (the bare name, or {@code optimizer.beta1} from a
 * config).
 */
final class OptimizerChecks {
    private OptimizerChecks() {}

    /** Runs a record's checks with the bare key names; a failure names the optimizer ("optimizer adam: key ..."). */
    static void checked(OptimizerSpec.Kind kind, Runnable check) {
        try {
            check.run();
        } catch (SpecException e) {
            throw new SpecException("optimizer " + kind.text() + ": " + e.getMessage());
        }
    }

    static void atLeastZero(UnaryOperator<String> key, String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new SpecException("key '" + key.apply(name) + "' must be a finite number >= 0, got " + v);
        }
    }

    static void closedUnit(UnaryOperator<String> key, String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new SpecException("key '" + key.apply(name) + "' must be in [0, 1], got " + v);
        }
    }

    static void halfOpenUnit(UnaryOperator<String> key, String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new SpecException("key '" + key.apply(name) + "' must be in [0, 1) as PyTorch requires, got " + v);
        }
    }
}
