package io.sparknn.engine.optim;

import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.layer.SpecFields;
import io.sparknn.engine.layer.SpecValue;
import io.sparknn.engine.optim.OptimizerSpec.Kind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads an {@link OptimizerSpec} from its kind and fields (config files, the text in model files),
 * and writes the line model files hold.
 *
 * <p>Before each optimizer had its own record, one spec held every optimizer's keys, and model
 * files, checkpoints and resolved configs wrote them all: the keys of the other kinds at the values
 * of {@link #OTHER_KINDS_KEYS}. Such a key is accepted with exactly that value (so every file those
 * versions wrote still reads), and refused with any other: it would be silently ignored.
 */
public final class OptimizerSpecs {
    /**
     * Every key of the line earlier versions wrote, in its order, with the value they wrote for a
     * kind that does not take it; {@code lr} and {@code weight_decay}, which every kind takes, have
     * none. {@code amsgrad} was written only when true, after the others.
     */
    static final Map<String, SpecValue> OTHER_KINDS_KEYS = otherKindsKeys();

    private OptimizerSpecs() {}

    private static Map<String, SpecValue> otherKindsKeys() {
        Map<String, SpecValue> m = new LinkedHashMap<>();
        m.put("lr", null);
        m.put("weight_decay", null);
        m.put("momentum", SpecValue.real(0));
        m.put("dampening", SpecValue.real(0));
        m.put("nesterov", SpecValue.bool(false));
        m.put("beta1", SpecValue.real(0.9));
        m.put("beta2", SpecValue.real(0.999));
        m.put("eps", SpecValue.real(1e-8));
        m.put("alpha", SpecValue.real(0.99));
        m.put("rho", SpecValue.real(0.9));
        m.put("lr_decay", SpecValue.real(0));
        m.put("initial_accumulator", SpecValue.real(0));
        m.put("centered", SpecValue.bool(false));
        m.put("amsgrad", SpecValue.bool(false));
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The kinds earlier versions wrote with every other kind's keys; a kind added since (L-BFGS, LARS,
     * LAMB) writes and reads its own keys only.
     */
    private static final java.util.Set<Kind> LEGACY_KINDS =
            java.util.EnumSet.of(Kind.SGD, Kind.ADAGRAD, Kind.ADADELTA, Kind.RMSPROP, Kind.ADAM, Kind.ADAMW);

    /**
     * The line of {@link OptimizerSpec#toText()}: every key earlier versions wrote, in their order;
     * for a kind added since, its own keys in its order.
     */
    static String legacyLine(OptimizerSpec spec) {
        Map<String, SpecValue> own = spec.fields();
        if (!LEGACY_KINDS.contains(spec.kind())) {
            return SpecValue.line(spec.kind().text(), own);
        }
        Map<String, SpecValue> line = new LinkedHashMap<>();
        OTHER_KINDS_KEYS.forEach((key, other) -> {
            SpecValue v = own.containsKey(key) ? own.get(key) : other;
            if (!key.equals("amsgrad") || v.equals(SpecValue.bool(true))) {
                line.put(key, Objects.requireNonNull(v, key));
            }
        });
        return SpecValue.line(spec.kind().text(), line);
    }

    /** Parses a line written by {@link OptimizerSpec#toText()}. */
    public static OptimizerSpec parse(String where, String line) {
        SpecFields.Line l = SpecFields.line(where, line);
        return read(l.kind(), l.fields());
    }

    /**
     * The spec of {@code kind}: PyTorch's defaults, overridden by the fields given. A key of another
     * optimizer is an error unless it holds the value earlier versions wrote for it (see the class
     * comment), other unknown keys are errors, and so is a value out of the ranges
     * {@link OptimizerSpec} documents (the error names the key). A missing {@code amsgrad} (every
     * model file written before it existed) is false. Each optimizer's keys, ranges and defaults
     * are its record's {@link HyperParameters} table.
     */
    public static OptimizerSpec read(String kind, SpecFields f) {
        Kind k = Kind.parse(f.where(), kind);
        try {
            return k.keys().read(f);
        } catch (SpecException e) {
            throw e.getMessage().startsWith(f.source() + ": ")
                    ? e
                    : new SpecException(f.source() + ": " + e.getMessage());
        }
    }

    /**
     * After the kind's own keys are read: refuses a key of another kind (unless it holds the value
     * earlier versions wrote for it), then any other unknown key.
     */
    static void refuseOtherKindsKeys(Kind kind, SpecFields f) {
        Map<String, SpecValue> own = OptimizerSpec.defaults(kind).fields();
        for (Map.Entry<String, SpecValue> e : f.values().entrySet()) {
            String key = e.getKey();
            if (own.containsKey(key) || !OTHER_KINDS_KEYS.containsKey(key)) {
                continue;
            }
            SpecValue written = OTHER_KINDS_KEYS.get(key);
            // no file of a kind added since holds another kind's keys, nor one without weight_decay
            if (!LEGACY_KINDS.contains(kind) || written == null || !sameValue(e.getValue(), written)) {
                throw f.error(
                        key,
                        "does not apply to " + kind.text() + " (it takes " + String.join(", ", own.keySet()) + ")");
            }
            // marks it read, as the value it holds
            if (written instanceof SpecValue.Bool b) {
                f.flag(key, b.value());
            } else {
                f.number(key, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0);
            }
        }
        f.finish();
    }

    /** {@code given} is {@code written}: the same boolean, or a number (integer or not) of the same value. */
    private static boolean sameValue(SpecValue given, SpecValue written) {
        if (written instanceof SpecValue.Bool b) {
            return given instanceof SpecValue.Bool g && g.value() == b.value();
        }
        double w = ((SpecValue.Real) written).value();
        return given instanceof SpecValue.Real r && r.value() == w
                || given instanceof SpecValue.Int i && i.value() == w;
    }
}
