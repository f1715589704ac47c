package io.sparknn.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.io.Preprocessing;
import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.trainer.config.ScalingKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Standardization (population sd, as scikit-learn's StandardScaler), and scaled values that must stay finite. */
class ScalingTest {
    /** n rows of two features: column 0 from {@code a}, column 1 from {@code b}. */
    private static ExampleBlock block(float[] a, float[] b) {
        int n = a.length;
        float[] x = new float[2 * n];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = a[i];
            x[2 * i + 1] = b[i];
            ids[i] = i;
        }
        return new ExampleBlock(n, 2, x, ids, new int[n], null, 1, 1);
    }

    @Test
    void standardizeUsesThePopulationSdAndGivesAConstantFeatureScaleOne() {
        float[] constant = new float[10];
        java.util.Arrays.fill(constant, 0.1f);
        float[] varying = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        Preprocessing p = Scaling.fit(block(constant, varying), ScalingKind.STANDARDIZE, 1, List.of());
        assertEquals(1.0, p.scale()[0], "a constant feature keeps scale 1");
        assertEquals(5.5, p.offset()[1], 1e-15);
        assertEquals(1 / Math.sqrt(8.25), p.scale()[1], 1e-15, "population variance of 1..10 is 8.25");
    }

    @Test
    void aValueThatScalesBeyondTheFloatRangeIsADataErrorNamingExampleAndFeature() {
        Preprocessing p =
                Scaling.fit(block(new float[] {0, 1e-30f}, new float[] {0, 1}), ScalingKind.STANDARDIZE, 1, List.of());
        assertTrue(p.scale()[0] > 1e29, "a real, tiny spread is scaled: " + p.scale()[0]);
        ExampleBlock test = block(new float[] {0, 1e9f}, new float[] {0, 1});
        DataException e = assertThrows(DataException.class, () -> Scaling.apply(p, test, "test.csv"));
        assertTrue(
                e.getMessage().startsWith("test.csv: example 2, feature 1: the value 1.0E9 scales to Infinity"),
                e.getMessage());
        ExampleBlock fine = Scaling.apply(p, block(new float[] {0, 1e-30f}, new float[] {0, 1}), "train.csv");
        assertEquals(-1f, fine.features[0], 1e-6f);
        assertEquals(1f, fine.features[2], 1e-6f);
    }
}
