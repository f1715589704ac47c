package io.sparknn.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Shape;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.loss.LossKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A summary comes from the specs alone: no layer that computes is created. */
class NetworkSpecSummaryTest {

    private static List<String> row(String line) {
        return Arrays.asList(line.trim().split("\\s+"));
    }

    @Test
    void convNetSummaryCountsEveryLayersParameters() {
        String s = NetworkSpec.builder(Shape.of(3, 32, 32))
                .conv2d(32, 5)
                .relu()
                .maxPool2d(2)
                .flatten()
                .dense(10)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY)
                .summary();
        String[] lines = s.split("\n");
        assertEquals(9, lines.length, s);
        assertEquals(List.of("input", "3x32x32"), row(lines[1]));
        // conv: 32 filters · 3 channels · 5 · 5 weights + 32 biases; 32 − 5 + 1 = 28
        assertEquals(List.of("1", "conv2d", "32x28x28", "2,432"), row(lines[2]));
        assertEquals(List.of("2", "relu", "32x28x28", "0"), row(lines[3]));
        assertEquals(List.of("3", "maxpool2d", "32x14x14", "0"), row(lines[4]));
        assertEquals(List.of("4", "flatten", "6272", "0"), row(lines[5]));
        // dense: 6272 · 10 weights + 10 biases
        assertEquals(List.of("5", "dense", "10", "62,730"), row(lines[6]));
        assertEquals("total parameters: 65,162", lines[7]);
        assertEquals("loss: softmax_cross_entropy", lines[8]);
    }

    @Test
    void aNetworkPastOneFlatArrayNamesTheLayerThatTakesItThere() {
        // 50,000 · 50,000 + 50,000 weights fit a long but not one Java array
        NetworkSpec big = NetworkSpec.builder(Shape.of(50_000))
                .dense(10)
                .dense(50_000)
                .dense(50_000)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        SpecException e = assertThrows(SpecException.class, big::paramCount);
        assertEquals(
                "layer 3 (dense) with input 50000 takes the network past 2,147,483,647 parameters, the most one flat "
                        + "array holds",
                e.getMessage());
    }
}
