package io.sparknn.engine.optim;

import io.sparknn.engine.layer.SpecValue;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * One key of an optimizer's record: its name in configs and model files, its type, its range, and
 * how to read it off the record (a method reference, not reflection). An optimizer's keys in the
 * order of PyTorch's constructor arguments form its {@link HyperParameters} table, from which its
 * config keys are read, checked and written.
 *
 * @param <S> the records that have this key
 */
sealed interface HyperParameter<S extends OptimizerSpec>
        permits HyperParameter.Real, HyperParameter.Flag, HyperParameter.Choice {

    /** Every optimizer's learning rate. */
    Real<OptimizerSpec> LR = new Real<>("lr", Range.AT_LEAST_ZERO, OptimizerSpec::lr);

    /** Every optimizer's weight decay (AdamW decoupled, the others added to the gradient). */
    Real<OptimizerSpec> WEIGHT_DECAY = new Real<>("weight_decay", Range.AT_LEAST_ZERO, OptimizerSpec::weightDecay);

    String key();

    /** This key's value in {@code spec}, as the spec line and the resolved config write it. */
    SpecValue valueOf(S spec);

    /** A real-valued key. */
    record Real<S extends OptimizerSpec>(String key, Range range, ToDoubleFunction<S> get)
            implements HyperParameter<S> {
        @Override
        public SpecValue valueOf(S spec) {
            return SpecValue.real(get.applyAsDouble(spec));
        }
    }

    /** A boolean key. */
    record Flag<S extends OptimizerSpec>(String key, Predicate<S> get) implements HyperParameter<S> {
        @Override
        public SpecValue valueOf(S spec) {
            return SpecValue.bool(get.test(spec));
        }
    }

    /**
     * A key whose value is one of an enum's constants, written as {@code text} gives it (a name in a
     * spec line, a string in a config).
     */
    record Choice<S extends OptimizerSpec, E extends Enum<E>>(
            String key, Class<E> type, Function<E, String> text, Function<S, E> get) implements HyperParameter<S> {
        @Override
        public SpecValue valueOf(S spec) {
            return SpecValue.name(text.apply(get.apply(spec)));
        }

        /** Every constant's text, in declaration order. */
        List<String> texts() {
            return Arrays.stream(type.getEnumConstants()).map(text).toList();
        }

        /** The constant {@code text} names (one of {@link #texts()}). */
        E parse(String name) {
            for (E e : type.getEnumConstants()) {
                if (text.apply(e).equals(name)) {
                    return e;
                }
            }
            throw new IllegalArgumentException(key + ": no " + type.getSimpleName() + " named " + name);
        }
    }

    /**
     * The ranges, as PyTorch's constructors check them (1.13), and stricter where PyTorch lets a
     * buffer diverge (see {@link OptimizerSpec}).
     */
    enum Range {
        /** lr, weight_decay, eps, lr_decay, initial_accumulator. */
        AT_LEAST_ZERO(Double.MAX_VALUE, "must be a finite number >= 0"),
        /** momentum, dampening, alpha, rho: beyond 1 their decay factors turn negative. */
        CLOSED_UNIT(1, "must be in [0, 1]"),
        /** beta1, beta2: β = 1 would leave a moment at zero and the bias correction 1 − β^t at 0. */
        HALF_OPEN_UNIT(1, "must be in [0, 1) as PyTorch requires");

        /** The largest value a reader lets through before {@link #holds} has its say (NaN never passes). */
        final double readMax;

        private final String rule;

        Range(double readMax, String rule) {
            this.readMax = readMax;
            this.rule = rule;
        }

        boolean holds(double v) {
            return switch (this) {
                case AT_LEAST_ZERO -> v >= 0 && !Double.isInfinite(v);
                case CLOSED_UNIT -> v >= 0 && v <= 1;
                case HALF_OPEN_UNIT -> v >= 0 && v < 1;
            };
        }

        /** What a key out of this range is told: {@code must be in [0, 1], got 1.5}. */
        String problem(double v) {
            return " " + rule + ", got " + v;
        }
    }
}
