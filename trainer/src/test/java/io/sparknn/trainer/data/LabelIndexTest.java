package io.sparknn.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelIndexTest {
    @Test
    void sortedOrderWhateverTheOrderSeen() {
        LabelIndex a = LabelIndex.of(List.of("dog", "cat", "dog", "Zebra", "bird"));
        LabelIndex b = LabelIndex.of(List.of("bird", "Zebra", "cat", "dog"));
        assertEquals(List.of("Zebra", "bird", "cat", "dog"), a.names());
        assertEquals(a, b);
        assertEquals(2, a.indexOf("cat"));
        assertEquals("dog", a.name(3));
        assertEquals(-1, a.indexOf("cow"));
    }

    @Test
    void declaredSetRefusesRepeats() {
        assertThrows(IllegalArgumentException.class, () -> LabelIndex.declared(List.of("a", "b", "a")));
        assertThrows(IllegalArgumentException.class, () -> LabelIndex.of(List.of("a", "")));
    }

    @Test
    void trainAndTestFilesIndexedTogetherAgree() throws IOException {
        CsvFormat f = CsvFormat.defaults().withLabelKind(LabelKind.STRING);
        ParsedExamples train = f.parse(Inputs.text("1,b\n2,c\n"), "train.csv");
        ParsedExamples test = f.parse(Inputs.text("3,a\n4,c\n"), "test.csv");
        // Indexed alone, train would map b to 0 and test a to 0: one index, two classes.
        LabelIndex both = LabelIndex.of(
                List.of(train.stringLabels[0], train.stringLabels[1], test.stringLabels[0], test.stringLabels[1]));
        assertEquals(
                List.of(1, 2), List.of(train.withLabelIndex(both).labels[0], train.withLabelIndex(both).labels[1]));
        assertEquals(List.of(0, 2), List.of(test.withLabelIndex(both).labels[0], test.withLabelIndex(both).labels[1]));
    }

    @Test
    void survivesJavaSerialization() throws IOException, ClassNotFoundException {
        LabelIndex index = LabelIndex.of(List.of("x", "y"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(out)) {
            o.writeObject(index);
        }
        LabelIndex back = (LabelIndex) new ObjectInputStream(new ByteArrayInputStream(out.toByteArray())).readObject();
        assertEquals(index, back);
        assertEquals(1, back.indexOf("y"));
    }
}
