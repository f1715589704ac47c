package io.sparknn.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class EmbeddedDataTest {
    @Test
    void digitsResourceParses() throws IOException {
        ParsedExamples d = EmbeddedData.digits();
        assertEquals(1797, d.n);
        assertEquals(64, d.width);
        assertEquals(0, d.skippedMalformed);
        assertEquals(0, d.skippedBlank);
        int[] perClass = new int[10];
        float max = 0;
        for (int y : d.labels) {
            perClass[y]++; // an index outside 0..9 would throw
        }
        for (float v : d.features) {
            max = Math.max(max, v);
        }
        // Class sizes of sklearn's digits (its DESCR / np.bincount(load_digits().target)).
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, perClass);
        assertEquals(16f, max);
        // First row of the file: 0,0,5,13,9,1,0,0,... label 0.
        assertArrayEquals(new float[] {0, 0, 5, 13, 9, 1, 0, 0}, java.util.Arrays.copyOf(d.row(0), 8));
        assertEquals(0, d.labels[0]);
    }

    @Test
    void licenseTravelsWithTheData() {
        assertNotNull(EmbeddedData.class.getResource("/data/LICENSE-digits.txt"));
    }
}
