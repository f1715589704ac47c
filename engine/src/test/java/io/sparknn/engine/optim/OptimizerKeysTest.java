package io.sparknn.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.layer.SpecFields;
import io.sparknn.engine.layer.SpecValue;
import io.sparknn.engine.optim.OptimizerSpec.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each optimizer holds only its own keys (PyTorch 1.13's constructor arguments): a key of another
 * optimizer is refused unless it holds the value earlier versions wrote for every kind, and the
 * model-file line stays the one earlier versions wrote.
 */
class OptimizerKeysTest {

    /** Each kind's keys in PyTorch's argument order: what fields() lists and refusals name. */
    private static final Map<Kind, List<String>> OWN = plusKfac(Map.of(
            Kind.SGD, List.of("lr", "momentum", "dampening", "nesterov", "weight_decay"),
            Kind.ADAGRAD, List.of("lr", "lr_decay", "weight_decay", "initial_accumulator", "eps"),
            Kind.ADADELTA, List.of("lr", "rho", "eps", "weight_decay"),
            Kind.RMSPROP, List.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered"),
            Kind.ADAM, List.of("lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad"),
            Kind.ADAMW, List.of("lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad"),
            Kind.LBFGS,
                    List.of(
                            "lr",
                            "max_iter",
                            "max_eval",
                            "tolerance_grad",
                            "tolerance_change",
                            "history_size",
                            "line_search_fn"),
            Kind.LARS, List.of("lr", "momentum", "weight_decay", "trust_coefficient", "exclude"),
            Kind.LAMB, List.of("lr", "beta1", "beta2", "eps", "weight_decay", "exclude"),
            Kind.HESSIAN_FREE,
                    List.of(
                            "lr",
                            "damping",
                            "max_cg_iter",
                            "cg_tolerance",
                            "warm_start",
                            "preconditioner_exponent",
                            "curvature_fraction")));

    /** Map.of takes ten pairs: K-FAC, the eleventh kind, is added here. */
    private static Map<Kind, List<String>> plusKfac(Map<Kind, List<String>> ten) {
        Map<Kind, List<String>> m = new java.util.EnumMap<>(ten);
        m.put(Kind.KFAC, List.of("lr", "damping", "factor_decay", "inverse_interval"));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The kinds earlier versions wrote with every other kind's keys; kinds added since read their own only. */
    private static final java.util.Set<Kind> LEGACY =
            java.util.EnumSet.of(Kind.SGD, Kind.ADAGRAD, Kind.ADADELTA, Kind.RMSPROP, Kind.ADAM, Kind.ADAMW);

    /** Every key earlier versions wrote for every kind, and the value they wrote when the kind does not take it. */
    private static final Map<String, SpecValue> WRITTEN = written();

    private static Map<String, SpecValue> written() {
        Map<String, SpecValue> m = new LinkedHashMap<>();
        m.put("momentum", SpecValue.parse("0.0"));
        m.put("dampening", SpecValue.parse("0.0"));
        m.put("nesterov", SpecValue.parse("false"));
        m.put("beta1", SpecValue.parse("0.9"));
        m.put("beta2", SpecValue.parse("0.999"));
        m.put("eps", SpecValue.parse("1.0E-8"));
        m.put("alpha", SpecValue.parse("0.99"));
        m.put("rho", SpecValue.parse("0.9"));
        m.put("lr_decay", SpecValue.parse("0.0"));
        m.put("initial_accumulator", SpecValue.parse("0.0"));
        m.put("centered", SpecValue.parse("false"));
        m.put("amsgrad", SpecValue.parse("false"));
        return m;
    }

    /** Every kind with every key of another kind. */
    static Stream<Arguments> otherKindsKeys() {
        List<Arguments> l = new ArrayList<>();
        for (Kind k : LEGACY) {
            for (String key : WRITTEN.keySet()) {
                if (!OWN.get(k).contains(key)) {
                    l.add(Arguments.of(k, key));
                }
            }
        }
        return l.stream();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fieldsListExactlyTheKindsOwnKeysInPyTorchsOrder(Kind kind) {
        assertEquals(
                OWN.get(kind), List.copyOf(OptimizerSpec.defaults(kind).fields().keySet()));
    }

    @ParameterizedTest
    @MethodSource("otherKindsKeys")
    void anotherKindsKeyWithAValueOfItsOwnIsRefusedNamingTheDottedKeyAndTheKindsKeys(Kind kind, String key) {
        // a value no version ever wrote for this kind: it would be silently ignored
        SpecValue given = WRITTEN.get(key) instanceof SpecValue.Bool ? SpecValue.parse("true") : SpecValue.parse("0.5");
        SpecException e = assertThrows(
                SpecException.class,
                () -> OptimizerSpecs.read(
                        kind.text(),
                        new SpecFields("c.json", "optimizer", Map.of("lr", SpecValue.parse("0.1"), key, given))));
        assertEquals(
                "c.json: key 'optimizer." + key + "' does not apply to " + kind.text() + " (it takes "
                        + String.join(", ", OWN.get(kind)) + ")",
                e.getMessage());
        // and in a model file's line, with the bare key
        SpecException line = assertThrows(
                SpecException.class,
                () -> OptimizerSpecs.parse("optimizer spec", kind.text() + " " + key + "=" + given.lineText()));
        assertEquals(
                "optimizer spec: key '" + key + "' does not apply to " + kind.text() + " (it takes "
                        + String.join(", ", OWN.get(kind)) + ")",
                line.getMessage());
    }

    @ParameterizedTest
    @MethodSource("otherKindsKeys")
    void anotherKindsKeyAtTheValueEarlierVersionsWroteIsAccepted(Kind kind, String key) {
        SpecValue v = WRITTEN.get(key);
        assertEquals(
                OptimizerSpec.defaults(kind).withLr(0.1),
                OptimizerSpecs.read(
                        kind.text(),
                        new SpecFields("c.json", "optimizer", Map.of("lr", SpecValue.parse("0.1"), key, v))));
        if (v instanceof SpecValue.Real r && r.value() == 0) {
            // a config may write it as the integer 0
            assertEquals(
                    OptimizerSpec.defaults(kind),
                    OptimizerSpecs.read(
                            kind.text(), new SpecFields("c.json", "optimizer", Map.of(key, SpecValue.integer(0)))));
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // a boolean key given a number and a number key given a boolean are no value earlier versions wrote
                "sgd|centered|0",
                "adam|nesterov|0",
                "sgd|beta1|true",
                "adam|momentum|false",
                // the eps earlier versions wrote for sgd is 1e-8, Adagrad's default is not it
                "sgd|eps|1.0E-10"
            })
    void anotherKindsKeyOfAnotherTypeOrValueIsRefused(String kind, String key, String value) {
        SpecException e =
                assertThrows(SpecException.class, () -> OptimizerSpecs.parse("t", kind + " " + key + "=" + value));
        assertEquals(
                "t: key '" + key + "' does not apply to " + kind + " (it takes "
                        + String.join(", ", OWN.get(Kind.parse("t", kind))) + ")",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"sgd|betas", "adam|lr_decays", "rmsprop|gamma"})
    void aKeyOfNoKindIsStillUnknown(String kind, String key) {
        SpecException e = assertThrows(
                SpecException.class,
                () -> OptimizerSpecs.read(
                        kind, new SpecFields("c.json", "optimizer", Map.of(key, SpecValue.parse("0.5")))));
        assertEquals("c.json: unknown key 'optimizer." + key + "'", e.getMessage());
    }

    /**
     * Lines the build before this one (one record with every key) wrote for these specs, taken from
     * it: model.bin and checkpoints hold them, and the frozen hashes depend on their bytes.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "sgd|sgd lr=0.01 weight_decay=0.0 momentum=0.0 dampening=0.0 nesterov=false beta1=0.9 beta2=0.999 eps=1.0E-8 "
                        + "alpha=0.99 rho=0.9 lr_decay=0.0 initial_accumulator=0.0 centered=false",
                "adagrad|adagrad lr=0.01 weight_decay=0.0 momentum=0.0 dampening=0.0 nesterov=false beta1=0.9 beta2=0.999 "
                        + "eps=1.0E-10 alpha=0.99 rho=0.9 lr_decay=0.0 initial_accumulator=0.0 centered=false",
                "adadelta|adadelta lr=1.0 weight_decay=0.0 momentum=0.0 dampening=0.0 nesterov=false beta1=0.9 beta2=0.999 "
                        + "eps=1.0E-6 alpha=0.99 rho=0.9 lr_decay=0.0 initial_accumulator=0.0 centered=false",
                "rmsprop|rmsprop lr=0.01 weight_decay=0.0 momentum=0.0 dampening=0.0 nesterov=false beta1=0.9 beta2=0.999 "
                        + "eps=1.0E-8 alpha=0.99 rho=0.9 lr_decay=0.0 initial_accumulator=0.0 centered=false",
                "adam|adam lr=0.001 weight_decay=0.0 momentum=0.0 dampening=0.0 nesterov=false beta1=0.9 beta2=0.999 eps=1.0E-8 "
                        + "alpha=0.99 rho=0.9 lr_decay=0.0 initial_accumulator=0.0 centered=false",
                "adamw|adamw lr=0.001 weight_decay=0.01 momentum=0.0 dampening=0.0 nesterov=false beta1=0.9 beta2=0.999 "
                        + "eps=1.0E-8 alpha=0.99 rho=0.9 lr_decay=0.0 initial_accumulator=0.0 centered=false",
                "sgd lr=0.05 momentum=0.9 nesterov=true weight_decay=1e-4|sgd lr=0.05 weight_decay=1.0E-4 momentum=0.9 "
                        + "dampening=0.0 nesterov=true beta1=0.9 beta2=0.999 eps=1.0E-8 alpha=0.99 rho=0.9 lr_decay=0.0 "
                        + "initial_accumulator=0.0 centered=false",
                "sgd lr=0.3 momentum=0.8 dampening=0.2 weight_decay=0.05|sgd lr=0.3 weight_decay=0.05 momentum=0.8 "
                        + "dampening=0.2 nesterov=false beta1=0.9 beta2=0.999 eps=1.0E-8 alpha=0.99 rho=0.9 lr_decay=0.0 "
                        + "initial_accumulator=0.0 centered=false",
                "adagrad lr=0.2 lr_decay=0.1 weight_decay=0.05 initial_accumulator=0.3 eps=1e-9|adagrad lr=0.2 weight_decay=0.05 "
                        + "momentum=0.0 dampening=0.0 nesterov=false beta1=0.9 beta2=0.999 eps=1.0E-9 alpha=0.99 rho=0.9 "
                        + "lr_decay=0.1 initial_accumulator=0.3 centered=false",
                "adadelta lr=0.5 rho=0.8 eps=1e-4 weight_decay=0.1|adadelta lr=0.5 weight_decay=0.1 momentum=0.0 dampening=0.0 "
                        + "nesterov=false beta1=0.9 beta2=0.999 eps=1.0E-4 alpha=0.99 rho=0.8 lr_decay=0.0 "
                        + "initial_accumulator=0.0 centered=false",
                "rmsprop lr=0.05 alpha=0.9 eps=1e-7 weight_decay=0.05 momentum=0.5 centered=true|rmsprop lr=0.05 "
                        + "weight_decay=0.05 momentum=0.5 dampening=0.0 nesterov=false beta1=0.9 beta2=0.999 eps=1.0E-7 "
                        + "alpha=0.9 rho=0.9 lr_decay=0.0 initial_accumulator=0.0 centered=true",
                "adam lr=3e-4 beta1=0.8 beta2=0.95 eps=1e-7 weight_decay=0.05 amsgrad=true|adam lr=3.0E-4 weight_decay=0.05 "
                        + "momentum=0.0 dampening=0.0 nesterov=false beta1=0.8 beta2=0.95 eps=1.0E-7 alpha=0.99 rho=0.9 "
                        + "lr_decay=0.0 initial_accumulator=0.0 centered=false amsgrad=true",
                "adamw lr=0.002 beta1=0.85 beta2=0.99 eps=1e-6 weight_decay=0.1|adamw lr=0.002 weight_decay=0.1 momentum=0.0 "
                        + "dampening=0.0 nesterov=false beta1=0.85 beta2=0.99 eps=1.0E-6 alpha=0.99 rho=0.9 lr_decay=0.0 "
                        + "initial_accumulator=0.0 centered=false"
            })
    void theModelFileLineIsTheOneEarlierVersionsWroteAndReadsBack(String given, String line) {
        OptimizerSpec spec = OptimizerSpecs.parse("t", given);
        assertEquals(line, spec.toText());
        OptimizerSpec back = OptimizerSpecs.parse("optimizer spec", line);
        assertEquals(spec, back);
        assertEquals(line, back.toText());
        // the resolved config's own keys read back to the same spec, and hold no other kind's key
        assertEquals(spec, OptimizerSpecs.read(spec.kind().text(), new SpecFields("t", spec.fields())));
        assertFalse(spec.fields().keySet().stream()
                .anyMatch(k -> !OWN.get(spec.kind()).contains(k)));
    }
}
