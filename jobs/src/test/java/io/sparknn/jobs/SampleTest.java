package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.trainer.sequence.CharVocabulary;
import org.junit.jupiter.api.Test;

class SampleTest {
    static final CharVocabulary VOCAB = CharVocabulary.of("abcde");
    static final int T = 8;

    static NetworkSpec spec(int steps) {
        return NetworkSpec.builder(Shape.of(steps)).embedding(5, 3).lstm(6, true).dense(5)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    @Test
    void greedySamplingOneCharacterAtATimeFollowsTheArgmaxOfTheWholeWindow() {
        Network init = Network.create(spec(T), Network.Options.of(Precision.FLOAT64, 1), 3);
        Model m = new Model(spec(T), Precision.FLOAT64, init.parameters().toDoubles(), new double[0], null, null, null);
        String text = Sample.generate(m, VOCAB, "ab", T - 1, 0.0, 1);
        assertEquals(T + 1, text.length());
        // the window network over the first T characters, from a zero state, must predict each next one
        int[] ids = VOCAB.encode(text, "t", 0);
        double[] x = new double[T];
        for (int i = 0; i < T; i++) {
            x[i] = ids[i];
        }
        double[] y = init.predict(Storage.of(Precision.FLOAT64, x), 1).toDoubles();
        for (int t = 1; t < T; t++) {
            double[] row = java.util.Arrays.copyOfRange(y, t * 5, t * 5 + 5);
            assertEquals(ids[t + 1], Sample.draw(row, 0, null), "step " + t + " of " + text);
        }
    }

    @Test
    void theSeedChangesTheDrawAtTemperatureOne() {
        Network init = Network.create(spec(T), Network.Options.of(Precision.FLOAT64, 1), 4);
        Model m = new Model(spec(T), Precision.FLOAT64, init.parameters().toDoubles(), new double[0], null, null, null);
        assertEquals(Sample.generate(m, VOCAB, "a", 40, 1.0, 7), Sample.generate(m, VOCAB, "a", 40, 1.0, 7));
        assertNotEquals(Sample.generate(m, VOCAB, "a", 40, 1.0, 7), Sample.generate(m, VOCAB, "a", 40, 1.0, 8));
    }
}
