package io.sparknn.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.optim.OptimizerSpec.Kind;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each record's constructor hands its real values to its table's check by position: these tests
 * hold the table's order to the record's, and show that every real key, set out of its range
 * alone, is refused under its own name (a swapped pair would blame the wrong key).
 */
class HyperParametersTest {

    private static HyperParameters<?> table(Kind kind) {
        return kind.keys();
    }

    /** {@code weightDecay} → {@code weight_decay}. */
    private static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theTableListsTheRecordsComponentsInTheirOrder(Kind kind) {
        List<String> components = Arrays.stream(
                        OptimizerSpec.defaults(kind).getClass().getRecordComponents())
                .map(c -> snake(c.getName()))
                .toList();
        assertEquals(
                components, table(kind).keys().stream().map(HyperParameter::key).toList());
    }

    static Stream<Arguments> realKeys() {
        List<Arguments> l = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (HyperParameter<?> p : table(k).keys()) {
                if (p instanceof HyperParameter.Real<?> r) {
                    l.add(Arguments.of(k, r.key(), r.range()));
                }
            }
        }
        return l.stream();
    }

    @ParameterizedTest
    @MethodSource("realKeys")
    void eachRealKeyOutOfItsRangeIsRefusedUnderItsOwnName(Kind kind, String key, HyperParameter.Range range)
            throws ReflectiveOperationException {
        OptimizerSpec d = OptimizerSpec.defaults(kind);
        RecordComponent[] rc = d.getClass().getRecordComponents();
        Object[] args = new Object[rc.length];
        // just past the range: -1 for [0, ∞) and [0, 1], 1 for [0, 1)
        double bad = range == HyperParameter.Range.HALF_OPEN_UNIT ? 1 : -1;
        for (int i = 0; i < rc.length; i++) {
            args[i] = snake(rc[i].getName()).equals(key)
                    ? bad
                    : rc[i].getAccessor().invoke(d);
        }
        Constructor<?> c = d.getClass()
                .getDeclaredConstructor(
                        Arrays.stream(rc).map(RecordComponent::getType).toArray(Class<?>[]::new));
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> c.newInstance(args));
        InvalidHyperParameterException refused = assertInstanceOf(InvalidHyperParameterException.class, e.getCause());
        assertEquals(key, refused.key());
        assertEquals("optimizer " + kind.text() + ": key '" + key + "'" + range.problem(bad), refused.getMessage());
    }

    @ParameterizedTest
    @EnumSource(HyperParameter.Range.class)
    void eachRangeRefusesNaNAndInfinityAndHoldsItsBounds(HyperParameter.Range range) {
        assertEquals(false, range.holds(Double.NaN));
        assertEquals(false, range.holds(Double.POSITIVE_INFINITY));
        assertEquals(false, range.holds(-Double.MIN_VALUE));
        assertEquals(true, range.holds(0));
        assertEquals(range != HyperParameter.Range.HALF_OPEN_UNIT, range.holds(1));
        assertEquals(range == HyperParameter.Range.AT_LEAST_ZERO, range.holds(Math.nextUp(1.0)));
    }
}
