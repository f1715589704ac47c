package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.layer.RecurrentSpec;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text run with synthetic gradients ({@code "synthetic"} on the lstm layer): its synthesiser is
 * part of the model and of the optimizer state, so a run killed mid-epoch and resumed from its
 * checkpoint equals the uninterrupted run bit for bit, and it learns (moves away from zero) while
 * plain TBPTT's parameters of the same run differ. In process and 16 steps: that Spark runs a step
 * with a synthesiser as the process does is {@code SyntheticGradientTrainingTest}'s.
 */
class SyntheticGradientRunTest {
    @TempDir
    Path tmp;

    private JobConfig settings(Path text, String lstm, String out) {
        String json = """
                {"data": {"format": "text", "train": "%s", "window": 10, "mode": "stateful",
                          "validation_fraction": 0.1},
                 "network": {"precision": "float64", "layers": [{"type": "embedding", "dim": 4},
                             %s, {"type": "dense"}]},
                 "optimizer": {"type": "adam", "lr": 0.01},
                 "training": {"batch_size": 5, "epochs": 2, "seed": 1, "clip_norm": 1.0, "partitions": 2,
                              "max_steps": 16, "evaluate_every": 8,
                              "threads_per_task": 1, "log_every": 0},
                 "output": {"dir": "%s", "mode": "auto", "checkpoint_every": 4}}
                """.formatted(text, lstm, tmp.resolve(out));
        return ConfigReader.parse("test.json", json);
    }

    /** The vocabulary v of a plain network's parameter count: 4v + 288 + 6v + v. */
    private static int vocabulary(int params) {
        return (params - 288) / 11;
    }

    private static java.util.List<Double> validationBpc(java.util.List<String> metrics) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<Double> out = new java.util.ArrayList<>();
        for (String line : metrics) {
            out.add(m.readTree(line).get("validation_bpc").asDouble());
        }
        return out;
    }

    private static final String SG_LSTM =
            "{\"type\": \"lstm\", \"hidden\": 6, \"synthetic\": \"mlp\", " + "\"synthetic_hidden\": 5}";

    @Test
    void theKeysAreReadStrictly() throws IOException {
        Path text = TextRunTest.text(tmp);
        JobConfig c = settings(text, "{\"type\": \"gru\", \"hidden\": 6, \"synthetic\": \"linear\"}", "k");
        RecurrentSpec r =
                (RecurrentSpec) c.textNetwork().forVocabulary(9).layers().get(1);
        assertEquals(new RecurrentSpec.Synthetic(0, 1.0), r.synthetic());
        RecurrentSpec mlp = (RecurrentSpec) settings(text, SG_LSTM.replace("}", ", \"synthetic_weight\": 0}"), "k")
                .textNetwork()
                .forVocabulary(9)
                .layers()
                .get(1);
        assertEquals(new RecurrentSpec.Synthetic(5, 0.0), mlp.synthetic());
        // a layer's keys of a text network are checked as its spec: a SpecException
        String bad = assertThrows(
                        io.sparknn.engine.SparknnException.class,
                        () -> settings(text, "{\"type\": \"lstm\", \"hidden\": 6, \"synthetic\": \"lin\"}", "k"))
                .getMessage();
        assertEquals("test.json: key 'network.layers[1].synthetic' must be one of none, linear, mlp, got 'lin'", bad);
        // synthetic_hidden belongs to an mlp synthesiser only
        assertTrue(assertThrows(
                        io.sparknn.engine.SparknnException.class,
                        () -> settings(
                                text,
                                "{\"type\": \"lstm\", \"hidden\": 6, \"synthetic\": \"linear\", \"synthetic_hidden\": 3}",
                                "k"))
                .getMessage()
                .contains("synthetic_hidden"));
    }

    @Test
    void aRunKilledMidEpochAndResumedEqualsTheUninterruptedRunBitwise() throws IOException {
        Path text = TextRunTest.text(tmp);
        java.util.List<String> straight = TextRunTest.run(TextRunTest.inProcess(), settings(text, SG_LSTM, "a"));
        JobConfig b = settings(text, SG_LSTM, "b");
        // 53 windows per stream and epoch, 16 steps: the checkpoint of step 8 is mid-epoch, after
        // the synthesiser has learnt for 7 steps (from the second window on); killed at step 10
        assertThrows(io.sparknn.trainer.SimulatedCrash.class, () -> TextRunTest.crash(TextRunTest.inProcess(), b, 10));
        java.util.List<String> resumed = TextRunTest.run(TextRunTest.inProcess(), b);
        // train_bpc of a resumed epoch covers its steps since the resume only: the scores are compared
        assertEquals(2, straight.size());
        assertEquals(validationBpc(straight), validationBpc(resumed));
        double[] a = ModelFile.load(tmp.resolve("a/model.bin")).parameters();
        assertArrayEquals(a, ModelFile.load(tmp.resolve("b/model.bin")).parameters(), 0.0);

        // the synthesiser's parameters follow the cell's: embedding v·4, cell 4·6·(4+6) + 2·24, synthesiser, dense
        JobConfig plainConfig = settings(text, "{\"type\": \"lstm\", \"hidden\": 6}", "p");
        TextRunTest.run(TextRunTest.inProcess(), plainConfig);
        double[] plain = ModelFile.load(tmp.resolve("p/model.bin")).parameters();
        int embedding = 4 * vocabulary(plain.length);
        int cell = embedding + 4 * 6 * (4 + 6) + 2 * 4 * 6;
        int sg = 2 * 12 * 5 + 5 + 12;
        assertEquals(plain.length + sg, a.length);
        double[] synthesiser = Arrays.copyOfRange(a, cell, cell + sg);
        // the output layer (W₂, b₂) started at zero and learnt
        assertTrue(Arrays.stream(synthesiser, 12 * 5 + 5, sg).anyMatch(v -> v != 0), "the synthesiser learnt");
        assertNotEquals(
                Arrays.toString(Arrays.copyOfRange(plain, 0, cell)),
                Arrays.toString(Arrays.copyOfRange(a, 0, cell)),
                "synthetic gradients changed the training");
    }
}
