package io.sparknn.engine.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.init.Init;
import io.sparknn.engine.optim.LrSchedule;
import io.sparknn.engine.optim.LrSchedules;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerSpecs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spec fields are typed values, read by the type a key needs; spec lines (the grammar of model
 * files) parse their tokens into those values and are written back from them bit for bit.
 */
class SpecValueTest {

    private static final String WHERE = "c.json";
    private static final String PATH = "network.layers[2]";

    private static String error(String kind, String key, SpecValue value) {
        // the kind's required keys, then the one under test (which may replace one of them)
        Map<String, SpecValue> fields = new LinkedHashMap<>();
        switch (kind) {
            case "dense" -> fields.put("units", SpecValue.integer(3));
            case "conv2d" -> {
                fields.put("filters", SpecValue.integer(3));
                fields.put("kernel", SpecValue.integer(3));
            }
            case "lstm", "gru" -> fields.put("hidden", SpecValue.integer(3));
            default -> {}
        }
        fields.put(key, value);
        return assertThrows(SpecException.class, () -> LayerSpecs.read(kind, new SpecFields(WHERE, PATH, fields)))
                .getMessage();
    }

    @Test
    void aSpecLineTokenIsTypedByItsForm() {
        assertEquals(new SpecValue.Int(12, "12"), SpecValue.parse("12"));
        assertEquals(new SpecValue.Int(-3, "-3"), SpecValue.parse("-3"));
        assertEquals(new SpecValue.Real(0.01, "0.01"), SpecValue.parse("0.01"));
        assertEquals(new SpecValue.Real(1e-8, "1.0E-8"), SpecValue.parse("1.0E-8"));
        assertEquals(new SpecValue.Real(1.0, "1.0"), SpecValue.parse("1.0"));
        assertEquals(new SpecValue.Bool(true), SpecValue.parse("true"));
        assertEquals(new SpecValue.Sizes(List.of(3, 2), "3x2"), SpecValue.parse("3x2"));
        assertEquals(new SpecValue.Name("he_uniform"), SpecValue.parse("he_uniform"));
        assertEquals(new SpecValue.Name("True"), SpecValue.parse("True"));
        assertEquals(new SpecValue.Name(""), SpecValue.parse(""));
        // beyond a long: a number, which no integer key takes; sizes beyond an int: a name
        assertEquals(new SpecValue.Real(1e20, "100000000000000000000"), SpecValue.parse("100000000000000000000"));
        assertEquals(new SpecValue.Name("3x3000000000"), SpecValue.parse("3x3000000000"));
    }

    @Test
    void anIntegerKeyTakesOnlyAnInteger() {
        assertEquals(
                "c.json: key 'network.layers[2].filters' must be an integer, got 1.5",
                error("conv2d", "filters", new SpecValue.Real(1.5, "1.5")));
        assertEquals(
                "c.json: key 'network.layers[2].units' must be an integer, got 1.5",
                error("dense", "units", new SpecValue.Real(1.5, "1.5")));
        assertEquals(
                "c.json: key 'network.layers[2].units' must be an integer, got 16.0",
                error("dense", "units", new SpecValue.Real(16, "16.0")));
        assertEquals(
                "c.json: key 'network.layers[2].units' must be an integer, got '16'",
                error("dense", "units", SpecValue.name("16")));
        assertEquals(
                "c.json: key 'network.layers[2].units' must be an integer, got true",
                error("dense", "units", SpecValue.bool(true)));
        assertEquals(
                "c.json: key 'network.layers[2].units' must be an integer, got [16,16]",
                error("dense", "units", new SpecValue.Sizes(List.of(16, 16), "[16,16]")));
        assertEquals(
                "c.json: key 'network.layers[2].units' must be an integer >= 1, got 0",
                error("dense", "units", SpecValue.integer(0)));
        assertEquals(
                "c.json: key 'network.layers[2].units' must be an integer in [1, 2147483647], got 2147483648",
                error("dense", "units", SpecValue.integer(2147483648L)));
    }

    @Test
    void aSizeKeyTakesAnIntegerOrTwoSizes() {
        assertEquals(
                "c.json: key 'network.layers[2].kernel' must be an integer or a list [height, width], got 1.5",
                error("maxpool2d", "kernel", new SpecValue.Real(1.5, "1.5")));
        assertEquals(
                "c.json: key 'network.layers[2].kernel' must be an integer or a list [height, width], got [3]",
                error("maxpool2d", "kernel", new SpecValue.Sizes(List.of(3), "[3]")));
        assertEquals(
                "c.json: key 'network.layers[2].kernel' must be an integer >= 1, got 0",
                error("maxpool2d", "kernel", new SpecValue.Sizes(List.of(3, 0), "[3,0]")));
        assertEquals(
                "model.bin: layer 1: key 'kernel' must be an integer or HxW, got 3x3x3",
                assertThrows(
                                SpecException.class,
                                () -> LayerSpecs.parse("model.bin: layer 1", "maxpool2d kernel=3x3x3"))
                        .getMessage());
    }

    @Test
    void numbersFlagsAndNamesAreReadByType() {
        assertEquals(
                "c.json: key 'network.layers[2].p' must be a number, got '0.5'",
                error("dropout", "p", SpecValue.name("0.5")));
        assertEquals(
                "c.json: key 'network.layers[2].p' must be a number, got false",
                error("dropout", "p", SpecValue.bool(false)));
        // the range in plain words, the value as written
        assertEquals(
                "c.json: key 'network.layers[2].eps' must be in [0, 1], got -1e-9",
                error("batchnorm", "eps", new SpecValue.Real(-1e-9, "-1e-9")));
        assertEquals(
                "c.json: key 'network.layers[2].sequences' must be true or false, got 'true'",
                error("lstm", "sequences", SpecValue.name("true")));
        assertEquals(
                "c.json: key 'network.layers[2].sequences' must be true or false, got 1",
                error("lstm", "sequences", SpecValue.integer(1)));
        assertEquals(
                "c.json: key 'network.layers[2].init' must be the name of an initialisation, got 1",
                error("dense", "init", SpecValue.integer(1)));
        // an integer is a number
        assertEquals(
                new DropoutSpec(0),
                LayerSpecs.read("dropout", new SpecFields(WHERE, PATH, Map.of("p", SpecValue.integer(0)))));
        assertEquals(
                OptimizerSpec.defaults(OptimizerSpec.Kind.SGD).withLr(2),
                OptimizerSpecs.read("sgd", new SpecFields(WHERE, "optimizer", Map.of("lr", SpecValue.integer(2)))));
        assertEquals(
                "c.json: key 'optimizer.lr' must be a finite number >= 0, got -1e-3",
                assertThrows(
                                SpecException.class,
                                () -> OptimizerSpecs.read(
                                        "sgd",
                                        new SpecFields(
                                                WHERE, "optimizer", Map.of("lr", new SpecValue.Real(-1e-3, "-1e-3")))))
                        .getMessage());
        assertEquals(
                "c.json: key 'schedule.warmup_start_factor' must be in (0, 1], got 0",
                assertThrows(
                                SpecException.class,
                                () -> LrSchedules.read(
                                        "constant",
                                        new SpecFields(
                                                WHERE,
                                                "schedule",
                                                Map.of(
                                                        "warmup",
                                                        SpecValue.integer(3),
                                                        "warmup_start_factor",
                                                        SpecValue.integer(0)))))
                        .getMessage());
    }

    /** Lines as model files written before typed fields held them (the golden model files hold several). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "dense units=10 init=he_uniform",
                "dense units=2147483647 init=lecun_normal",
                "dense units=3 init=he_normal bias=false",
                "conv2d filters=4 kernel=3x2 stride=1x1 padding=1x0 init=xavier_uniform",
                "conv2d filters=20 kernel=5x5 stride=2x2 padding=0x0 init=he_uniform",
                "conv2d filters=8 kernel=3x3 stride=1x1 padding=1x1 init=he_uniform bias=false",
                "maxpool2d kernel=2x2 stride=2x2",
                "avgpool2d kernel=1x2 stride=1x1",
                "flatten",
                "relu",
                "leaky_relu slope=0.01",
                "leaky_relu slope=1.0E-4",
                "sigmoid",
                "tanh",
                "softmax",
                "dropout p=0.25",
                "dropout p=0.0",
                "batchnorm eps=1.0E-5 momentum=0.1",
                "batchnorm eps=0.001 momentum=1.0",
                "embedding vocab=7 dim=4",
                "lstm hidden=5 sequences=true",
                "gru hidden=3 sequences=false"
            })
    void everyLayerKindsLineIsWrittenBackBitForBit(String line) {
        LayerSpec spec = LayerSpecs.parse("t", line);
        assertEquals(line, spec.toText());
        assertEquals(spec, LayerSpecs.parse("t", spec.toText()));
        assertEquals(spec, LayerSpecs.read(spec.kind(), new SpecFields("t", spec.fields())));
    }

    /** A layer with a bias keeps the line it always had: {@code bias=true} is read, never written. */
    @Test
    void biasIsWrittenOnlyWhenFalse() {
        assertEquals(
                "dense units=3 init=he_uniform",
                LayerSpecs.parse("t", "dense units=3 bias=true").toText());
        assertEquals(
                "conv2d filters=2 kernel=3x3 stride=1x1 padding=0x0 init=he_uniform",
                LayerSpecs.parse("t", "conv2d filters=2 kernel=3 bias=true").toText());
        assertEquals(new DenseSpec(3, Init.HE_UNIFORM), LayerSpecs.parse("t", "dense units=3 bias=true"));
        assertFalse(((DenseSpec) LayerSpecs.parse("t", "dense units=3 bias=false")).bias());
        assertFalse(((Conv2dSpec) LayerSpecs.parse("t", "conv2d filters=2 kernel=3 bias=false")).bias());
        assertFalse(new Conv2dSpec(4, 3, 2, 1, 1, 1, 0, Init.XAVIER_UNIFORM)
                .fields()
                .containsKey("bias"));
        assertEquals(
                SpecValue.bool(false),
                new Conv2dSpec(4, 3, 2, 1, 1, 1, 0, Init.XAVIER_UNIFORM, false)
                        .fields()
                        .get("bias"));
    }

    @Test
    void everyLayerKindHasALine() {
        for (String kind : LayerSpecs.KINDS) {
            LayerSpec spec = LayerSpecs.read(
                    kind,
                    new SpecFields(
                            "t",
                            kind.equals("dense")
                                    ? Map.of("units", SpecValue.integer(2))
                                    : kind.equals("conv2d")
                                            ? Map.of("filters", SpecValue.integer(2), "kernel", SpecValue.integer(3))
                                            : kind.endsWith("pool2d")
                                                    ? Map.of("kernel", SpecValue.integer(2))
                                                    : kind.equals("embedding")
                                                            ? Map.of(
                                                                    "vocab",
                                                                    SpecValue.integer(5),
                                                                    "dim",
                                                                    SpecValue.integer(2))
                                                            : kind.equals("lstm") || kind.equals("gru")
                                                                    ? Map.of("hidden", SpecValue.integer(2))
                                                                    : Map.of()));
            assertEquals(kind, spec.kind());
            assertEquals(spec, LayerSpecs.parse("t", spec.toText()), spec.toText());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sgd lr=0.01 weight_decay=0.0 momentum=0.9 dampening=0.0 nesterov=true beta1=0.9 beta2=0.999 eps=1.0E-8 "
                        + "alpha=0.99 rho=0.9 lr_decay=0.0 initial_accumulator=0.0 centered=false",
                "adagrad lr=0.01 weight_decay=0.0 momentum=0.0 dampening=0.0 nesterov=false beta1=0.9 beta2=0.999 eps=1.0E-10 "
                        + "alpha=0.99 rho=0.9 lr_decay=0.001 initial_accumulator=0.1 centered=false",
                "adadelta lr=1.0 weight_decay=0.0 momentum=0.0 dampening=0.0 nesterov=false beta1=0.9 beta2=0.999 eps=1.0E-6 "
                        + "alpha=0.99 rho=0.95 lr_decay=0.0 initial_accumulator=0.0 centered=false",
                "rmsprop lr=0.005 weight_decay=0.001 momentum=0.5 dampening=0.0 nesterov=false beta1=0.9 beta2=0.999 "
                        + "eps=1.0E-8 alpha=0.9 rho=0.9 lr_decay=0.0 initial_accumulator=0.0 centered=true",
                "adam lr=0.001 weight_decay=0.0 momentum=0.0 dampening=0.0 nesterov=false beta1=0.9 beta2=0.999 eps=1.0E-8 "
                        + "alpha=0.99 rho=0.9 lr_decay=0.0 initial_accumulator=0.0 centered=false",
                "adamw lr=0.002 weight_decay=0.05 momentum=0.0 dampening=0.0 nesterov=false beta1=0.9 beta2=0.99 "
                        + "eps=1.0E-8 alpha=0.99 rho=0.9 lr_decay=0.0 initial_accumulator=0.0 centered=false amsgrad=true"
            })
    void everyOptimizersLineIsWrittenBackBitForBit(String line) {
        OptimizerSpec spec = OptimizerSpecs.parse("t", line);
        assertEquals(line, spec.toText());
        assertEquals(spec, OptimizerSpecs.read(spec.kind().text(), new SpecFields("t", spec.fields())));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "constant",
                "step step_size=100 gamma=0.1",
                "exponential gamma=0.99",
                "cosine t_max=500 eta_min=0.0",
                "cosine t_max=500 eta_min=1.0E-6 warmup=10 warmup_start_factor=0.3333333333333333",
                "constant warmup=5 warmup_start_factor=0.1"
            })
    void everySchedulesLineIsWrittenBackBitForBit(String line) {
        LrSchedule spec = LrSchedules.parse("t", line);
        assertEquals(line, spec.toText());
        assertEquals(spec, LrSchedules.read(spec.kind(), new SpecFields("t", spec.fields())));
    }

    @Test
    void fieldsAreTypedAsAConfigGivesThem() {
        Map<String, SpecValue> conv = new Conv2dSpec(4, 3, 2, 1, 1, 1, 0, Init.XAVIER_UNIFORM).fields();
        assertEquals(List.of("filters", "kernel", "stride", "padding", "init"), List.copyOf(conv.keySet()));
        assertEquals(SpecValue.integer(4), conv.get("filters"));
        assertEquals(new SpecValue.Sizes(List.of(3, 2), "3x2"), conv.get("kernel"));
        assertEquals(SpecValue.name("xavier_uniform"), conv.get("init"));
        assertEquals(
                SpecValue.real(0.01),
                ActivationSpec.of(ActivationSpec.Function.LEAKY_RELU).fields().get("slope"));
        assertEquals(Map.of(), ActivationSpec.of(ActivationSpec.Function.RELU).fields());
        assertEquals(
                SpecValue.bool(false),
                new RecurrentSpec(true, 4, false).fields().get("sequences"));
        Map<String, SpecValue> warm = new LrSchedule.Warmup(5, 0.5, new LrSchedule.StepDecay(10, 0.1)).fields();
        assertEquals(List.of("step_size", "gamma", "warmup", "warmup_start_factor"), List.copyOf(warm.keySet()));
        assertEquals(SpecValue.integer(10), warm.get("step_size"));
    }
}
