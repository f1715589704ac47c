package io.sparknn.trainer.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.trainer.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Halton points, their mapping into each optimizer's documented space, and the refusals. */
class SearchSpaceTest {
    @Test
    void haltonPointsAreTheRadicalInversesInTheFirstPrimes() {
        assertArrayEquals(new double[] {1 / 2.0, 1 / 3.0, 1 / 5.0}, Halton.point(1, 3), 1e-16);
        assertArrayEquals(new double[] {1 / 4.0, 2 / 3.0, 2 / 5.0}, Halton.point(2, 3), 1e-15);
        assertArrayEquals(new double[] {3 / 4.0, 1 / 9.0, 3 / 5.0}, Halton.point(3, 3), 1e-15);
        assertArrayEquals(new double[] {1 / 8.0, 4 / 9.0, 4 / 5.0}, Halton.point(4, 3), 1e-15);
        // 11 = 1011 in base 2: mirrored 0.1101 = 13/16; 11 = 102 in base 3: 0.201 = 19/27
        assertArrayEquals(new double[] {13 / 16.0, 19 / 27.0}, Halton.point(11, 2), 1e-16);
        assertThrows(IllegalArgumentException.class, () -> Halton.point(0, 2), "point 0 is the corner");
    }

    @Test
    void aPointMapsIntoTheLogRangesAndOneMinusBeta() {
        // adam: lr in [1e-5, 1e-1], 1 − β1 in [1e-2, 1], 1 − β2 in [1e-4, 1e-1], eps in [1e-10, 1e-4]
        ObjectNode o = SearchSpace.candidate("adam").optimizer(Halton.point(1, 4));
        assertEquals("adam", o.get("type").asText());
        assertEquals(1e-3, o.get("lr").asDouble(), 1e-15, "u = 1/2: the middle decade of five");
        assertEquals(1 - Math.pow(10, -2 + 2 / 3.0), o.get("beta1").asDouble(), 1e-12, "u = 1/3 of 1 − β1's range");
        assertEquals(1 - Math.pow(10, -4 + 3 / 5.0), o.get("beta2").asDouble(), 1e-12);
        assertEquals(Math.pow(10, -10 + 6 / 7.0), o.get("eps").asDouble(), 1e-20);
        ObjectNode n = SearchSpace.candidate("nesterov").optimizer(Halton.point(2, 2));
        assertEquals("sgd", n.get("type").asText());
        assertTrue(n.get("nesterov").asBoolean());
        assertEquals(Math.pow(10, -4 + 4 / 4.0), n.get("lr").asDouble(), 1e-15);
    }

    @Test
    void everyOptimizerKindHasADocumentedSpaceOrIsRefusedSayingSo() {
        List<String> documented = SearchSpace.documented().stream()
                .map(SearchSpace.Candidate::name)
                .toList();
        for (OptimizerSpec.Kind k : OptimizerSpec.Kind.values()) {
            if (documented.contains(k.text())) {
                assertEquals(k.text(), SearchSpace.candidate(k.text()).kind());
            } else {
                SearchSpace.SearchSpaceException e =
                        assertThrows(SearchSpace.SearchSpaceException.class, () -> SearchSpace.candidate(k.text()));
                assertTrue(e.getMessage().contains("has no documented search space"), e.getMessage());
            }
        }
        SearchSpace.SearchSpaceException e =
                assertThrows(SearchSpace.SearchSpaceException.class, () -> SearchSpace.candidate("adamx"));
        assertEquals(
                "compare: unknown optimizer 'adamx' (one of sgd, momentum, nesterov, adagrad, adadelta, rmsprop, "
                        + "adam, adamw)",
                e.getMessage());
    }

    @Test
    void badComparisonSettingsAreConfigErrors() {
        assertThrows(ConfigException.class, () -> new Comparison.Settings(List.of("adam"), 0, Double.NaN, 0, "x"));
        assertThrows(
                ConfigException.class, () -> new Comparison.Settings(List.of("adam", "adam"), 2, Double.NaN, 0, "x"));
        assertThrows(ConfigException.class, () -> new Comparison.Settings(List.of("adam"), 2, Double.NaN, -1, "x"));
        assertArrayEquals(new double[] {2, 1}, Comparison.meanSd(new double[] {1, 2, 3, Double.NaN}), 1e-15);
    }

    @Test
    void aDecayFactorCloseToOneIsNotRoundedToOne() {
        assertEquals("0.9995", ComparisonPages.fmt(0.9995));
        assertEquals("0.99", ComparisonPages.fmt(0.990000001));
        assertEquals("0.422", ComparisonPages.fmt(0.4216965));
        assertEquals("0.00316", ComparisonPages.fmt(0.00316227766));
    }
}
