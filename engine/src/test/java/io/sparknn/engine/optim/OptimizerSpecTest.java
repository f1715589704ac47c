package io.sparknn.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.layer.SpecFields;
import io.sparknn.engine.layer.SpecValue;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing, text form and the ranges PyTorch's optimizer constructors check. */
class OptimizerSpecTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // PyTorch: 0.0 <= betas[i] < 1.0; β = 1 is the edge someone gets wrong with an inclusive check.
                "adam beta1=1|beta1",
                "adam beta2=1|beta2",
                "adamw beta1=1.0|beta1",
                "adamw beta2=1.0|beta2",
                "adam beta1=-0.1|beta1",
                "adam beta2=1.5|beta2",
                "adam eps=-1e-8|eps",
                "rmsprop eps=-1|eps",
                "adagrad eps=-1e-10|eps",
                "sgd lr=-0.1|lr",
                "adam weight_decay=-0.01|weight_decay",
                "sgd momentum=-0.5|momentum",
                "sgd momentum=1.5|momentum",
                "rmsprop momentum=-0.1|momentum",
                "sgd momentum=0.9 dampening=-0.1|dampening",
                "sgd momentum=0.9 dampening=1.1|dampening",
                "rmsprop alpha=-0.1|alpha",
                "rmsprop alpha=1.01|alpha",
                "adadelta rho=-0.1|rho",
                "adadelta rho=1.1|rho",
                "adagrad lr_decay=-1|lr_decay",
                "adagrad initial_accumulator=-0.5|initial_accumulator",
            })
    void anOutOfRangeValueIsAnErrorNamingItsKey(String text, String key) {
        SpecException e = assertThrows(SpecException.class, () -> OptimizerSpecs.parse("config.yaml: optimizer", text));
        assertTrue(e.getMessage().startsWith("config.yaml: optimizer: key '" + key + "' must be"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sgd nesterov=true",
                "sgd momentum=0 nesterov=true",
                "sgd momentum=0.9 dampening=0.1 nesterov=true"
            })
    void nesterovWithoutMomentumOrWithDampeningIsPyTorchsError(String text) {
        SpecException e = assertThrows(SpecException.class, () -> OptimizerSpecs.parse("cfg", text));
        assertTrue(
                e.getMessage()
                        .startsWith("cfg: key 'nesterov': Nesterov momentum requires a momentum and zero dampening"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "adam beta1=0 beta2=0",
                "adam beta1=0.999999 beta2=0.9999999",
                "adam eps=0 lr=0",
                "adadelta rho=0",
                "adadelta rho=1",
                "rmsprop alpha=0",
                "rmsprop alpha=1 momentum=1",
                "sgd momentum=1 dampening=1",
                "sgd momentum=0.5 nesterov=true",
                "adagrad lr_decay=0 initial_accumulator=0"
            })
    void theEdgesPyTorchAcceptsAreAccepted(String text) {
        OptimizerSpec s = OptimizerSpecs.parse("t", text);
        assertEquals(s, OptimizerSpecs.parse("t", s.toText()));
    }

    @Test
    void constructingInCodeChecksTheSameRanges() {
        SpecException e = assertThrows(SpecException.class, () -> new AdamSpec(0.001, 0.9, 1.0, 1e-8, 0, false));
        assertEquals("optimizer adam: key 'beta2' must be in [0, 1) as PyTorch requires, got 1.0", e.getMessage());
        assertEquals(
                "optimizer adamw: key 'beta1' must be in [0, 1) as PyTorch requires, got 1.0",
                assertThrows(SpecException.class, () -> new AdamWSpec(0.001, 1.0, 0.999, 1e-8, 0.01, false))
                        .getMessage());
        assertEquals(
                "optimizer rmsprop: key 'alpha' must be in [0, 1], got 1.5",
                assertThrows(SpecException.class, () -> new RmsPropSpec(0.01, 1.5, 1e-8, 0, 0, false))
                        .getMessage());
        assertEquals(
                "optimizer adadelta: key 'rho' must be in [0, 1], got -0.1",
                assertThrows(SpecException.class, () -> new AdadeltaSpec(1, -0.1, 1e-6, 0))
                        .getMessage());
        assertEquals(
                "optimizer adagrad: key 'lr_decay' must be a finite number >= 0, got -1.0",
                assertThrows(SpecException.class, () -> new AdagradSpec(0.01, -1, 0, 0, 1e-10))
                        .getMessage());
        assertThrows(SpecException.class, () -> OptimizerSpec.sgd().withMomentum(0, 0, true));
    }

    @Test
    void rangesAreWrittenPlainlyAndValuesAsGiven() {
        assertEquals(
                "t: key 'lr' must be a finite number >= 0, got -1e-3",
                assertThrows(SpecException.class, () -> OptimizerSpecs.parse("t", "sgd lr=-1e-3"))
                        .getMessage());
        assertEquals(
                "t: key 'momentum' must be in [0, 1], got 1.5",
                assertThrows(SpecException.class, () -> OptimizerSpecs.parse("t", "sgd momentum=1.5"))
                        .getMessage());
        assertEquals(
                "t: key 'eps' must be a finite number >= 0, got Infinity",
                assertThrows(SpecException.class, () -> OptimizerSpecs.parse("t", "adam eps=Infinity"))
                        .getMessage());
    }

    @Test
    void configFieldsAreNamedWithTheOptimizerObjectsPath() {
        SpecException range = assertThrows(
                SpecException.class,
                () -> OptimizerSpecs.read("sgd", new SpecFields("c.json", "optimizer", tokens(Map.of("lr", "-0.1")))));
        assertEquals("c.json: key 'optimizer.lr' must be a finite number >= 0, got -0.1", range.getMessage());
        SpecException beta = assertThrows(
                SpecException.class,
                () -> OptimizerSpecs.read("adam", new SpecFields("c.json", "optimizer", tokens(Map.of("beta1", "1")))));
        assertEquals("c.json: key 'optimizer.beta1' must be in [0, 1) as PyTorch requires, got 1.0", beta.getMessage());
        SpecException nesterov = assertThrows(
                SpecException.class,
                () -> OptimizerSpecs.read(
                        "sgd", new SpecFields("c.json", "optimizer", tokens(Map.of("nesterov", "true")))));
        assertTrue(
                nesterov.getMessage().startsWith("c.json: key 'optimizer.nesterov': Nesterov momentum requires"),
                nesterov.getMessage());
        SpecException unknown = assertThrows(
                SpecException.class,
                () -> OptimizerSpecs.read(
                        "adam", new SpecFields("c.json", "optimizer", tokens(Map.of("beta", "0.5")))));
        assertEquals("c.json: unknown key 'optimizer.beta'", unknown.getMessage());
    }

    @Test
    void aKeyOnlyANaNOrInfinityCouldFillIsRejectedAsNotANumberInRange() {
        SpecException e = assertThrows(SpecException.class, () -> OptimizerSpecs.parse("t", "adam lr=NaN"));
        assertTrue(e.getMessage().contains("key 'lr'"), e.getMessage());
        assertThrows(SpecException.class, () -> OptimizerSpecs.parse("t", "adam eps=Infinity"));
    }

    @Test
    void amsgradIsReadFromConfigFieldsAndDefaultsToFalse() {
        AdamWSpec on = (AdamWSpec)
                OptimizerSpecs.read("adamw", new SpecFields("cfg", tokens(Map.of("amsgrad", "true", "lr", "0.01"))));
        assertTrue(on.amsgrad());
        assertEquals(0.01, on.lr());
        assertFalse(((AdamSpec) OptimizerSpecs.read("adam", new SpecFields("cfg", tokens(Map.of())))).amsgrad());
        SpecException e = assertThrows(
                SpecException.class,
                () -> OptimizerSpecs.read("adam", new SpecFields("cfg", tokens(Map.of("amsgrad", "yes")))));
        assertTrue(e.getMessage().contains("key 'amsgrad' must be true or false"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(
            value = OptimizerSpec.Kind.class,
            names = {"LARS", "LAMB"},
            mode = EnumSource.Mode.EXCLUDE) // no earlier build wrote them: OptimizerKeysTest
    void theTextOfASpecWithoutAmsgradIsTheTextEarlierBuildsWrote(OptimizerSpec.Kind kind) {
        // Model files and resolved configs hold this text; it must not grow a key that old ones lack.
        OptimizerSpec d = OptimizerSpec.defaults(kind);
        assertFalse(d.toText().contains("amsgrad"), d.toText());
        assertTrue(d.toText().endsWith(" centered=false"), d.toText());
        assertEquals(d, OptimizerSpecs.parse("t", d.toText()));
        OptimizerSpec on =
                d instanceof AdamSpec a ? a.withAmsgrad(true) : d instanceof AdamWSpec w ? w.withAmsgrad(true) : null;
        if (on != null) {
            assertEquals(d.toText() + " amsgrad=true", on.toText());
            assertEquals(on, OptimizerSpecs.parse("t", on.toText()));
        }
    }

    @Test
    void theTextOfTheCommittedVersion1ModelFileStillParses() {
        // The OPTM text of golden/modelfile/dense-adam-v1.model, written before amsgrad existed.
        OptimizerSpec s = OptimizerSpecs.parse(
                "optimizer spec",
                "adam lr=0.01 weight_decay=0.0 momentum=0.0 dampening=0.0 "
                        + "nesterov=false beta1=0.9 beta2=0.999 eps=1.0E-8 alpha=0.99 rho=0.9 lr_decay=0.0 "
                        + "initial_accumulator=0.0 centered=false");
        assertEquals(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM).withLr(0.01), s);
        assertFalse(((AdamSpec) s).amsgrad());
    }

    /** Config fields given as spec-line tokens, typed as a spec line types them. */
    private static Map<String, SpecValue> tokens(Map<String, String> fields) {
        Map<String, SpecValue> m = new java.util.LinkedHashMap<>();
        fields.forEach((k, v) -> m.put(k, SpecValue.parse(v)));
        return m;
    }
}
