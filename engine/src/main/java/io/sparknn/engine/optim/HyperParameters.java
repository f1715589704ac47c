package io.sparknn.engine.optim;

import io.sparknn.engine.Precision;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.layer.SpecFields;
import io.sparknn.engine.layer.SpecValue;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One optimizer's keys, in the order of PyTorch's constructor arguments, with its record and its
 * optimizer: the table its record's {@link OptimizerSpec#fields()}, {@code with…} copies, range
 * checks, optimizer and reading from a config or spec line all come from, so a new optimizer
 * lists its keys once ({@link OptimizerSpec.Kind#keys()} finds the table). The record's constructor
 * passes its real values to {@link #check} in the table's order (a test holds the two orders
 * equal), so every record, however built, is checked.
 *
 * @param <S> the optimizer's record
 */
final class HyperParameters<S extends OptimizerSpec> {
    /** The optimizer of a record. */
    interface OptimizerOf<S> {
        Optimizer create(S spec, Precision precision, int paramCount);

        /**
         * The optimizer for parameters laid out as {@code tensors}; an optimizer that updates each
         * parameter alone needs only their count.
         */
        default Optimizer create(S spec, Precision precision, ParameterTensors tensors) {
            return create(spec, precision, tensors.count());
        }

        /**
         * An optimizer whose step needs the tensors (per-tensor norms, as LARS and LAMB take); given
         * only a count, all parameters are one tensor.
         */
        static <S> OptimizerOf<S> perTensor(PerTensor<S> create) {
            return new OptimizerOf<>() {
                @Override
                public Optimizer create(S spec, Precision precision, int paramCount) {
                    return create.create(spec, precision, ParameterTensors.single(paramCount));
                }

                @Override
                public Optimizer create(S spec, Precision precision, ParameterTensors tensors) {
                    return create.create(spec, precision, tensors);
                }
            };
        }
    }

    /** The constructor of an optimizer that steps tensor by tensor. */
    interface PerTensor<S> {
        Optimizer create(S spec, Precision precision, ParameterTensors tensors);
    }

    private final Class<S> record;
    private final OptimizerSpec.Kind kind;
    private final List<HyperParameter<? super S>> keys;
    private final Supplier<S> defaults;
    private final Function<Values, S> build;
    private final OptimizerOf<S> optimizer;

    /**
     * @param defaults  PyTorch's defaults for the optimizer (read lazily: the record's class is
     *     still being initialised when its table is made)
     * @param build     the record from values read for each key
     * @param optimizer the optimizer a record of these values creates
     */
    @SafeVarargs
    HyperParameters(
            Class<S> record,
            OptimizerSpec.Kind kind,
            Supplier<S> defaults,
            Function<Values, S> build,
            OptimizerOf<S> optimizer,
            HyperParameter<? super S>... keys) {
        this.record = record;
        this.kind = kind;
        this.defaults = defaults;
        this.build = build;
        this.optimizer = optimizer;
        this.keys = List.of(keys);
    }

    List<HyperParameter<? super S>> keys() {
        return keys;
    }

    /** The record's keys as typed values, in the table's order. */
    Map<String, SpecValue> fields(OptimizerSpec spec) {
        S s = record.cast(spec);
        Map<String, SpecValue> f = new LinkedHashMap<>();
        for (HyperParameter<? super S> p : keys) {
            f.put(p.key(), value(p, s));
        }
        return f;
    }

    /** A fresh optimizer of the record's values. */
    Optimizer create(OptimizerSpec spec, Precision precision, int paramCount) {
        return optimizer.create(record.cast(spec), precision, paramCount);
    }

    /** A fresh optimizer of the record's values for parameters laid out as {@code tensors}. */
    Optimizer create(OptimizerSpec spec, Precision precision, ParameterTensors tensors) {
        return optimizer.create(record.cast(spec), precision, tensors);
    }

    /** A copy of {@code spec} with {@code key} set to {@code v} (a real or a flag, as the key), checked as any record is. */
    S with(OptimizerSpec spec, HyperParameter<?> key, SpecValue v) {
        S s = record.cast(spec);
        if (!keys.contains(key)) {
            throw new IllegalArgumentException(kind.text() + " has no key " + key.key());
        }
        return build.apply(values((p, before) -> p == key ? v : value(p, s)));
    }

    /** The values {@code given} gives each key (knowing the values of the keys before it), as typed values. */
    private Values values(BiFunction<HyperParameter<? super S>, Values, SpecValue> given) {
        Values v = new Values();
        for (HyperParameter<? super S> p : keys) {
            SpecValue x = given.apply(p, v);
            if (p instanceof HyperParameter.Real<?> r) {
                v.reals.put(r, ((SpecValue.Real) x).value());
            } else if (p instanceof HyperParameter.Int<?> i) {
                v.ints.put(i, Math.toIntExact(((SpecValue.Int) x).value()));
            } else if (p instanceof HyperParameter.Choice<?, ?> c) {
                v.choices.put(c, c.parse(((SpecValue.Name) x).value()));
            } else {
                v.flags.put((HyperParameter.Flag<?>) p, x.equals(SpecValue.bool(true)));
            }
        }
        return v;
    }

    private static <T extends OptimizerSpec> SpecValue value(HyperParameter<T> p, T spec) {
        return p.valueOf(spec);
    }

    /** The range check of a record's constructor: {@code reals} are its real keys' values in the table's order. */
    void check(double... reals) {
        int i = 0;
        for (HyperParameter<? super S> p : keys) {
            if (p instanceof HyperParameter.Real<?> r) {
                double v = reals[i++];
                if (!r.range().holds(v)) {
                    throw new InvalidHyperParameterException(
                            kind, r.key(), r.range().problem(v));
                }
            }
        }
        if (i != reals.length) {
            throw new IllegalStateException(
                    kind.text() + " has " + i + " real keys, its record checked " + reals.length);
        }
    }

    /** The range check of a record's constructor for its integer keys: {@code ints} in the table's order. */
    void checkInts(int... ints) {
        int i = 0;
        for (HyperParameter<? super S> p : keys) {
            if (p instanceof HyperParameter.Int<?> n) {
                int v = ints[i++];
                if (!n.holds(v)) {
                    throw new InvalidHyperParameterException(kind, n.key(), n.problem(v));
                }
            }
        }
        if (i != ints.length) {
            throw new IllegalStateException(
                    kind.text() + " has " + i + " integer keys, its record checked " + ints.length);
        }
    }

    /**
     * The record of the values {@code f} gives, PyTorch's defaults for the others. A value out of a
     * key's range, or keys that do not go together, is an error naming the key as {@code f} spells
     * it; keys of other optimizers are left to the caller.
     */
    S read(SpecFields f) {
        S d = defaults.get();
        Values v = values((p, before) -> {
            SpecValue otherwise = value(p, d);
            if (p instanceof HyperParameter.Real<?> r) {
                return SpecValue.real(f.number(r.key(), 0, r.range().readMax, ((SpecValue.Real) otherwise).value()));
            }
            if (p instanceof HyperParameter.Int<?> i) {
                int byDefault = i.derived() != null
                        ? i.derived().applyAsInt(before)
                        : (int) ((SpecValue.Int) otherwise).value();
                return SpecValue.integer(f.integer(i.key(), i.min(), byDefault));
            }
            if (p instanceof HyperParameter.Choice<?, ?> c) {
                return SpecValue.name(f.choice(c.key(), ((SpecValue.Name) otherwise).value(), c.texts()));
            }
            return SpecValue.bool(f.flag(p.key(), otherwise.equals(SpecValue.bool(true))));
        });
        OptimizerSpecs.refuseOtherKindsKeys(kind, f);
        try {
            return build.apply(v);
        } catch (InvalidHyperParameterException e) {
            throw new SpecException(f.source() + ": key '" + f.key(e.key()) + "'" + e.problem());
        }
    }

    /** The values read for a table's keys, looked up by the key itself. */
    static final class Values {
        private final IdentityHashMap<HyperParameter.Real<?>, Double> reals = new IdentityHashMap<>();
        private final IdentityHashMap<HyperParameter.Flag<?>, Boolean> flags = new IdentityHashMap<>();
        private final IdentityHashMap<HyperParameter.Int<?>, Integer> ints = new IdentityHashMap<>();
        private final IdentityHashMap<HyperParameter.Choice<?, ?>, Enum<?>> choices = new IdentityHashMap<>();

        double get(HyperParameter.Real<?> key) {
            return reals.get(key);
        }

        boolean get(HyperParameter.Flag<?> key) {
            return flags.get(key);
        }

        int get(HyperParameter.Int<?> key) {
            return ints.get(key);
        }

        <E extends Enum<E>> E get(HyperParameter.Choice<?, E> key) {
            return key.type().cast(choices.get(key));
        }
    }
}
