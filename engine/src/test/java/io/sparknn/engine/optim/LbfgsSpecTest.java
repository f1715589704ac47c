package io.sparknn.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.layer.SpecFields;
import io.sparknn.engine.layer.SpecValue;
import io.sparknn.engine.optim.LbfgsSpec.LineSearch;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * L-BFGS's keys: PyTorch 1.13's defaults, {@code max_eval} derived from {@code max_iter} when not
 * given, integer and choice keys read strictly under their dotted names, no weight decay, and the
 * model-file line holding its own keys only.
 */
class LbfgsSpecTest {
    private static final String ALL =
            "lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size, " + "line_search_fn";

    private static OptimizerSpec config(Object... keysAndValues) {
        Map<String, SpecValue> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            m.put(
                    (String) keysAndValues[i],
                    v instanceof Integer n
                            ? SpecValue.integer(n)
                            : v instanceof Double d ? SpecValue.real(d) : SpecValue.name((String) v));
        }
        return OptimizerSpecs.read("lbfgs", new SpecFields("c.json", "optimizer", m));
    }

    @Test
    void thePyTorchDefaults() {
        LbfgsSpec d = (LbfgsSpec) config();
        assertEquals(new LbfgsSpec(1.0, 20, 25, 1e-7, 1e-9, 100, LineSearch.NONE), d);
        assertEquals(OptimizerSpec.lbfgs(), d);
        assertEquals(0.0, d.weightDecay());
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "3, 3", "4, 5", "7, 8", "20, 25", "40, 50", "101, 126"})
    void maxEvalIsMaxIterTimesFiveIntegerDividedByFourWhenNotGiven(int maxIter, int maxEval) {
        assertEquals(maxEval, ((LbfgsSpec) config("max_iter", maxIter)).maxEval());
        assertEquals(maxEval, LbfgsSpec.defaultMaxEval(maxIter));
        // given, it is what it says, and what a spec line writes back
        LbfgsSpec given = (LbfgsSpec) config("max_iter", maxIter, "max_eval", 3);
        assertEquals(3, given.maxEval());
        assertEquals(given, OptimizerSpecs.parse("line", given.toText()));
    }

    @Test
    void theLineSearchIsAChoiceOfNoneAndStrongWolfe() {
        assertEquals(LineSearch.STRONG_WOLFE, ((LbfgsSpec) config("line_search_fn", "strong_wolfe")).lineSearchFn());
        assertEquals(LineSearch.NONE, ((LbfgsSpec) config("line_search_fn", "none")).lineSearchFn());
        SpecException e = assertThrows(SpecException.class, () -> config("line_search_fn", "wolfe"));
        assertEquals(
                "c.json: key 'optimizer.line_search_fn' must be one of none, strong_wolfe, got 'wolfe'",
                e.getMessage());
        SpecException number = assertThrows(SpecException.class, () -> config("line_search_fn", 1));
        assertEquals(
                "c.json: key 'optimizer.line_search_fn' must be one of none, strong_wolfe, got 1", number.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "max_iter|0|must be an integer >= 1, got 0",
                "max_eval|0|must be an integer >= 1, got 0",
                "history_size|0|must be an integer >= 1, got 0",
                "max_iter|-3|must be an integer >= 1, got -3"
            })
    void integerKeysBelowOneAreRefusedByName(String key, int value, String problem) {
        SpecException e = assertThrows(SpecException.class, () -> config(key, value));
        assertEquals("c.json: key 'optimizer." + key + "' " + problem, e.getMessage());
    }

    @Test
    void anIntegerKeyGivenANumberWithAFractionIsRefused() {
        SpecException e = assertThrows(SpecException.class, () -> config("history_size", 2.5));
        assertEquals("c.json: key 'optimizer.history_size' must be an integer, got 2.5", e.getMessage());
        SpecException line = assertThrows(SpecException.class, () -> OptimizerSpecs.parse("t", "lbfgs max_iter=20.0"));
        assertEquals("t: key 'max_iter' must be an integer, got 20.0", line.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"weight_decay, 0", "weight_decay, 0.01", "momentum, 0", "eps, 1.0E-8", "amsgrad, false"})
    void noOtherKindsKeyIsTakenNotEvenAtTheValueEarlierVersionsWrote(String key, String value) {
        // earlier versions wrote every key for sgd .. adamw; no file ever held lbfgs with one
        SpecException e =
                assertThrows(SpecException.class, () -> OptimizerSpecs.parse("t", "lbfgs " + key + "=" + value));
        assertEquals("t: key '" + key + "' does not apply to lbfgs (it takes " + ALL + ")", e.getMessage());
    }

    @Test
    void theModelFileLineHoldsItsOwnKeysAndReadsBack() {
        LbfgsSpec s = new LbfgsSpec(0.5, 7, 9, 1e-6, 1e-10, 3, LineSearch.STRONG_WOLFE);
        assertEquals(
                "lbfgs lr=0.5 max_iter=7 max_eval=9 tolerance_grad=1.0E-6 tolerance_change=1.0E-10 history_size=3 "
                        + "line_search_fn=strong_wolfe",
                s.toText());
        assertEquals(s, OptimizerSpecs.parse("optimizer spec", s.toText()));
        assertEquals(s, OptimizerSpecs.read("lbfgs", new SpecFields("t", s.fields())));
        assertEquals(SpecValue.integer(7), s.fields().get("max_iter"));
        assertEquals(SpecValue.name("strong_wolfe"), s.fields().get("line_search_fn"));
        assertEquals(
                "lbfgs lr=1.0 max_iter=20 max_eval=25 tolerance_grad=1.0E-7 tolerance_change=1.0E-9 history_size=100 "
                        + "line_search_fn=none",
                OptimizerSpec.lbfgs().toText());
    }

    @Test
    void aCopyWithAnotherLrStaysLbfgsAndWeightDecayIsNoKeyOfIt() {
        assertEquals(OptimizerSpec.lbfgs().withMaxIter(20).withLineSearch(LineSearch.NONE), OptimizerSpec.lbfgs());
        assertEquals(0.1, OptimizerSpec.lbfgs().withLr(0.1).lr());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> OptimizerSpec.lbfgs().withWeightDecay(0.1));
        assertEquals("lbfgs has no key weight_decay", e.getMessage());
        InvalidHyperParameterException bad = assertThrows(
                InvalidHyperParameterException.class,
                () -> OptimizerSpec.lbfgs().withHistorySize(0));
        assertEquals("optimizer lbfgs: key 'history_size' must be an integer >= 1, got 0", bad.getMessage());
    }
}
