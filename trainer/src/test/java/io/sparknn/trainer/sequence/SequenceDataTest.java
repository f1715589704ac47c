package io.sparknn.trainer.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.engine.train.Streams;
import org.junit.jupiter.api.Test;

class SequenceDataTest {

    @Test
    void vocabularyIdsAreTheSortedDistinctCodePoints() {
        CharVocabulary v = CharVocabulary.of("baé😀a b");
        assertArrayEquals(new int[] {' ', 'a', 'b', 'é', 0x1F600}, v.codePoints());
        assertArrayEquals(new int[] {2, 1, 3, 4, 1, 0, 2}, v.encode("baé😀a b", "t", 0));
        assertEquals("é😀 ", v.decode(new int[] {3, 4, 0}, 0, 3));
    }

    @Test
    void aCharacterOnlyTheHeldOutTailHoldsIsInTheVocabulary() {
        TextSplit s = TextSplit.of("aé😀bbz", "kjv.txt", 2.0 / 6);
        assertArrayEquals(
                new int[] {'a', 'b', 'z', 'é', 0x1F600}, s.vocabulary().codePoints());
        assertArrayEquals(new int[] {0, 3, 4, 1}, s.train());
        assertArrayEquals(new int[] {1, 2}, s.validation());
    }

    @Test
    void aTailWithNothingNewKeepsTheTrainingSpansVocabularyIdForId() {
        // what the vocabulary was before it took the tail in: runs of such texts train the same bits
        TextSplit s = TextSplit.of("dcba bcd ba", "t", 0.3);
        assertArrayEquals(
                CharVocabulary.of("dcba bcd").codePoints(), s.vocabulary().codePoints());
        assertArrayEquals(CharVocabulary.of("dcba bcd").encode("dcba bcd", "t", 0), s.train());
        assertArrayEquals(new int[] {0, 2, 1}, s.validation());
        assertArrayEquals(new int[0], s.validationOnly());
    }

    @Test
    void validationOnlyNamesTheCharactersTheTrainingSpanLacks() {
        assertArrayEquals(
                new int[] {'z', 0x1F600}, TextSplit.of("aébb😀z", "t", 0.5).validationOnly());
    }

    @Test
    void validationIsTheLastFractionOfTheCharacters() {
        TextSplit s = TextSplit.of("abcabcabca", "t", 0.3);
        assertEquals(7, s.train().length);
        assertArrayEquals(new int[] {1, 2, 0}, s.validation());
    }

    @Test
    void slidingWindowsPredictTheNextCharacterAtEveryStep() {
        int[] t = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        assertEquals(3, SlidingWindows.count(9, 4, 2)); // starts 0, 2, 4: the last label is t[8]
        ExampleBlock b = SlidingWindows.block(t, 4, 2);
        assertEquals(3, b.n);
        assertEquals(4, b.targetRowsPerExample);
        assertArrayEquals(new float[] {2, 3, 4, 5}, java.util.Arrays.copyOfRange(b.features, 4, 8));
        assertArrayEquals(new int[] {5, 6, 7, 8}, java.util.Arrays.copyOfRange(b.labels, 8, 12));
        assertEquals(6, SlidingWindows.count(9, 3, 1));
    }

    @Test
    void streamsAreContiguousEqualSpansWithTheirNextCharacterTargets() {
        int[] t = new int[23];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
        }
        Streams s = Streams.of(t, 3, 3); // L = 22 / 3 = 7, 2 windows of 3 per stream
        assertEquals(2, s.windows());
        float[] x = new float[9];
        s.inputs(1, x);
        assertArrayEquals(new float[] {3, 4, 5, 10, 11, 12, 17, 18, 19}, x);
        assertArrayEquals(new int[] {4, 5, 6, 11, 12, 13, 18, 19, 20}, s.labels(1));
        Streams last = s.split(2).get(1);
        assertEquals(2, last.first());
        assertArrayEquals(new int[] {18, 19, 20}, last.labels(1));
    }

    @Test
    void bitsPerCharacterIsTheChainedLossInBitsOfOneStream() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(4))
                .embedding(5, 3)
                .lstm(4, true)
                .dense(5)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        NetworkSpec whole = NetworkSpec.builder(Shape.of(12))
                .embedding(5, 3)
                .lstm(4, true)
                .dense(5)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        int[] span = {0, 1, 2, 3, 4, 0, 1, 2, 4, 4, 3, 1, 0, 2}; // 13 targets: 3 windows of 4 scored
        try (Network net = Network.create(spec, Network.Options.of(Precision.FLOAT64, 1), 5);
                Network ref = Network.create(whole, Network.Options.of(Precision.FLOAT64, 1), 5)) {
            BitsPerCharacter.Score s = BitsPerCharacter.score(net, span, 4);
            assertEquals(12, s.characters());
            double[] x = new double[12];
            int[] y = new int[12];
            for (int i = 0; i < 12; i++) {
                x[i] = span[i];
                y[i] = span[i + 1];
            }
            double nats = ref.evaluate(io.sparknn.engine.Batch.of(
                            Storage.of(Precision.FLOAT64, x), 1, io.sparknn.engine.loss.Targets.labels(y)))
                    .sum();
            assertEquals(nats / (12 * Math.log(2)), s.bitsPerCharacter(), 1e-12);
        }
    }
}
