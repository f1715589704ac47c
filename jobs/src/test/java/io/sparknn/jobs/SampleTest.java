package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.trainer.OtherSchemeFileSystem;
import io.sparknn.trainer.sequence.CharVocabulary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleTest {
    static final CharVocabulary VOCAB = CharVocabulary.of("abcde");
    static final int T = 8;

    static NetworkSpec spec(int steps) {
        return NetworkSpec.builder(Shape.of(steps))
                .embedding(5, 3)
                .lstm(6, true)
                .dense(5)
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

    /** A model whose next-character logits are {@code logits} whatever it has read: only the dense bias is non-zero. */
    static Model constantLogits(double[] logits) {
        double[] params = new double[spec(T).paramCount()];
        // the dense layer's bias is the last block of parameters (W then b, as PyTorch's nn.Linear)
        System.arraycopy(logits, 0, params, params.length - logits.length, logits.length);
        return new Model(spec(T), Precision.FLOAT64, params, new double[0], null, null, null);
    }

    static double[] softmax(double[] logits, double temperature) {
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] / temperature);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static double chiSquare(long[] counts, double[] p) {
        long n = java.util.Arrays.stream(counts).sum();
        double chi2 = 0;
        for (int k = 0; k < counts.length; k++) {
            double expected = n * p[k];
            chi2 += (counts[k] - expected) * (counts[k] - expected) / expected;
        }
        return chi2;
    }

    @Test
    void drawnCharactersFollowSoftmaxOfTheLogitsDividedByTheTemperature() {
        double[] logits = {2.0, 1.0, 0.0, -1.0, 0.5};
        Model m = constantLogits(logits);
        try (Network one = Network.of(spec(1), Network.Options.of(Precision.FLOAT64, 1), m.parameters(), m.buffers())) {
            double[] y = one.predict(Storage.of(Precision.FLOAT64, new double[] {3}), 1)
                    .toDoubles();
            assertArrayEquals(logits, java.util.Arrays.copyOf(y, 5), 0.0, "the model's logits are the bias");
        }
        int draws = 20000;
        for (double t : new double[] {0.5, 2.0}) {
            String text = Sample.generate(m, VOCAB, "a", draws, t, 11);
            assertEquals(text, Sample.generate(m, VOCAB, "a", draws, t, 11), "the same seed gives the same text");
            long[] counts = new long[5];
            for (int i = 1; i < text.length(); i++) {
                counts[VOCAB.id(text.charAt(i))]++;
            }
            // 4 degrees of freedom: P(chi² > 25) = 5e-5 when the draws follow softmax(logits / T)
            double chi2 = chiSquare(counts, softmax(logits, t));
            assertTrue(chi2 < 25, "T=" + t + ": chi²=" + chi2 + " for counts " + java.util.Arrays.toString(counts));
            // the test can tell temperatures apart: the same counts are far from softmax(logits), T = 1
            assertTrue(chiSquare(counts, softmax(logits, 1)) > 1000, "T=" + t);
        }
    }

    private record Run(int code, String out, String err) {}

    private static Run sample(Configuration hadoop, String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = Sample.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                hadoop);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Model trained() {
        Network init = Network.create(spec(T), Network.Options.of(Precision.FLOAT64, 1), 3);
        return new Model(spec(T), Precision.FLOAT64, init.parameters().toDoubles(), new double[0], null, null, null);
    }

    @Test
    void theRunDirectoryIsReadThroughItsHadoopFileSystem(@TempDir Path dir) throws IOException {
        Model m = trained();
        ModelFile.save(m, dir.resolve("model.bin"));
        Files.writeString(dir.resolve("vocabulary.json"), "{\"code_points\": [97, 98, 99, 100, 101], \"window\": 8}");
        Run r = sample(
                OtherSchemeFileSystem.configuration(),
                OtherSchemeFileSystem.uri(dir),
                "--length",
                "30",
                "--temperature",
                "0.7",
                "--seed",
                "9");
        assertEquals(new Run(0, Sample.generate(m, VOCAB, "a", 30, 0.7, 9) + System.lineSeparator(), ""), r);
    }

    @Test
    void badOptionsAndBadRunFilesExitWithTheirCodeNamingThem(@TempDir Path dir) throws IOException {
        Configuration local = new Configuration();
        Run length = sample(local, dir.toString(), "--length", "x");
        assertEquals(ExitCode.USAGE.code(), length.code());
        assertEquals("sample: --length must be an integer, got 'x'\n" + Sample.USAGE + "\n", length.err());
        Run cold = sample(local, dir.toString(), "--temperature", "-1");
        assertEquals(ExitCode.USAGE.code(), cold.code());
        assertTrue(cold.err().startsWith("sample: --temperature must be a number >= 0, got '-1'"), cold.err());
        Run noModel = sample(local, dir.toString());
        assertEquals(
                new Run(
                        ExitCode.BAD_MODEL.code(),
                        "",
                        "sample: model file " + dir.resolve("model.bin")
                                + ": not found (a run on a text writes it when it finishes)\n"),
                noModel);
        ModelFile.save(trained(), dir.resolve("model.bin"));
        Run noVocabulary = sample(local, dir.toString());
        assertEquals(
                new Run(
                        ExitCode.BAD_MODEL.code(),
                        "",
                        "sample: model file " + dir.resolve("vocabulary.json")
                                + ": not found (a run on a text writes it beside model.bin)\n"),
                noVocabulary);
        for (String[] broken : new String[][] {
            {"{", "not valid JSON"},
            {"{\"window\": 8}", "has no list 'code_points'"},
            {"{\"code_points\": [97, -1]}", "code_points[1] is not a Unicode code point: -1"},
            {"{\"code_points\": [97, 97]}", "code point U+0061 twice"}
        }) {
            Files.writeString(dir.resolve("vocabulary.json"), broken[0]);
            Run r = sample(local, dir.toString());
            assertEquals(ExitCode.BAD_MODEL.code(), r.code(), broken[0]);
            assertTrue(
                    r.err().startsWith("sample: model file " + dir.resolve("vocabulary.json") + ": " + broken[1]),
                    r.err());
        }
        Files.writeString(dir.resolve("vocabulary.json"), "{\"code_points\": [97, 98, 99, 100]}");
        Run otherRun = sample(local, dir.toString());
        assertEquals(ExitCode.BAD_MODEL.code(), otherRun.code());
        assertTrue(
                otherRun.err().contains("vocabulary.json: has 4 characters but the model beside it predicts 5"),
                otherRun.err());
        Files.writeString(dir.resolve("vocabulary.json"), "{\"code_points\": [97, 98, 99, 100, 101]}");
        Run prompt = sample(local, dir.toString(), "--prompt", "az");
        assertEquals(ExitCode.BAD_DATA.code(), prompt.code());
        assertTrue(
                prompt.err().startsWith("sample: prompt byte 1: character U+007A 'z' is not in the vocabulary"),
                prompt.err());
    }
}
