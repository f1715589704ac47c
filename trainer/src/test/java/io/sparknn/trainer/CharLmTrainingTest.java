package io.sparknn.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.io.ModelFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The char-lm run end to end: stateful on Spark, killed and resumed from its checkpoint, equals one uninterrupted local run. */
class CharLmTrainingTest {
    @TempDir
    Path tmp;

    private Path text() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        String[] words = {"the ", "lord ", "said ", "unto ", "moses, ", "and ", "it ", "was ", "so.\n"};
        StringBuilder b = new StringBuilder();
        while (b.length() < 3000) {
            b.append(words[r.nextInt(words.length)]);
        }
        Path p = tmp.resolve("text.txt");
        Files.writeString(p, b.toString(), StandardCharsets.UTF_8);
        return p;
    }

    private CharLmTraining.Settings settings(Path text, String mode, String out) throws IOException {
        return settings(text, mode, "", out);
    }

    /** @param extraTraining more keys at the start of {@code training}, each followed by a comma */
    private CharLmTraining.Settings settings(Path text, String mode, String extraTraining, String out) throws IOException {
        String json = """
                {"data": {"format": "text", "train": "%s"},
                 "sequence": {"window": 10, "stride": 7, "mode": "%s", "validation_fraction": 0.1},
                 "network": {"embedding": 4, "lstm": [6]},
                 "optimizer": {"type": "adam", "lr": 0.01},
                 "training": {%s"batch_size": 5, "epochs": 2, "seed": 1, "clip_norm": 1.0, "partitions": 2,
                              "precision": "float64"},
                 "output": {"dir": "%s", "mode": "auto", "checkpoint_every": 4}}
                """.formatted(text, mode, extraTraining, tmp.resolve(out));
        return CharLmTraining.Settings.parse("test.json", json);
    }

    @Test
    void theConfigIsReadStrictly() {
        String ok = """
                {"data": {"format": "text", "train": "t.txt"}, "sequence": {"window": 10},
                 "network": {"embedding": 4}, "training": {}, "output": {"dir": "o"}}""";
        assertEquals(10, CharLmTraining.Settings.parse("c.json", ok).window());
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.sparknn.trainer.config.ConfigException.class,
                () -> CharLmTraining.Settings.parse("c.json", ok.replace("\"window\"", "\"windw\"")));
        assertEquals("c.json: unknown key 'sequence.windw'", e.getMessage());
        var wrong = org.junit.jupiter.api.Assertions.assertThrows(io.sparknn.trainer.config.ConfigException.class,
                () -> CharLmTraining.Settings.parse("c.json", ok.replace("\"window\": 10", "\"window\": -1")));
        assertEquals("c.json: key 'sequence.window' must be in [1, 2147483647], got -1", wrong.getMessage());
        var twice = org.junit.jupiter.api.Assertions.assertThrows(io.sparknn.trainer.config.ConfigException.class,
                () -> CharLmTraining.Settings.parse("c.json", ok.replace("\"window\": 10", "\"window\": 10, \"window\": 12")));
        assertEquals("c.json: key 'sequence.window' appears twice (both on line 1): keep one", twice.getMessage());
        var lr = org.junit.jupiter.api.Assertions.assertThrows(io.sparknn.engine.SparknnException.class,
                () -> CharLmTraining.Settings.parse("c.json", ok.replace("\"training\"", "\"optimizer\": {\"lr\": -1}, \"training\"")));
        assertEquals("c.json: key 'optimizer.lr' must be a finite number >= 0, got -1", lr.getMessage());
    }

    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    /** Runs until {@code step} and throws {@link SimulatedCrash}, as a killed driver would stop. */
    static void crash(org.apache.spark.api.java.JavaSparkContext sc, CharLmTraining.Settings s, long step) throws IOException {
        CharLmTraining.run(sc, sc == null ? new org.apache.hadoop.conf.Configuration() : sc.hadoopConfiguration(), s, false,
                QUIET, SimulatedCrash.afterStep(step));
    }

    @Test
    void statefulRunKilledOnSparkAndResumedEqualsTheUninterruptedLocalRunBitwise() throws IOException {
        Path text = text();
        List<String> straight = CharLmTraining.run(null, settings(text, "stateful", "a"), QUIET);
        CharLmTraining.Settings b = settings(text, "stateful", "b");
        // 2700 training characters in 5 streams: 53 windows of 10 per stream and epoch; step 30 is mid-epoch
        assertThrows(SimulatedCrash.class, () -> crash(SparkTestContext.get(), b, 30));
        SparkTestContext.restart();
        List<String> resumed = CharLmTraining.run(SparkTestContext.get(), b, QUIET);
        assertEquals(2, straight.size());
        assertEquals(validationBpc(straight), validationBpc(resumed));
        assertArrayEquals(ModelFile.load(tmp.resolve("a/model.bin")).parameters(),
                ModelFile.load(tmp.resolve("b/model.bin")).parameters(), 0.0);
        assertTrue(validationBpc(straight).get(1) < validationBpc(straight).get(0), straight.toString());
    }

    @Test
    void slidingWindowsTrainOnSparkLikeLocally() throws IOException {
        Path text = text();
        List<String> local = CharLmTraining.run(null, settings(text, "sliding", "c"), QUIET);
        List<String> spark = CharLmTraining.run(SparkTestContext.get(), settings(text, "sliding", "d"), QUIET);
        assertEquals(validationBpc(local), validationBpc(spark));
    }

    @Test
    void evaluateEveryScoresInsideEpochsAndTrainingTimeContinuesAcrossAResume() throws IOException {
        Path text = text();
        // 53 steps per epoch: lines at steps 20, 40, 53 (epoch end), 60, 80, 100, 106 (epoch end)
        String withEvery = "\"evaluate_every\": 20, ";
        CharLmTraining.Settings a = settings(text, "stateful", withEvery, "e");
        List<String> straight = CharLmTraining.run(null, a, QUIET);
        assertEquals(List.of(20L, 40L, 53L, 60L, 80L, 100L, 106L), field(straight, "steps"));
        assertEquals(List.of(1L, 1L, 1L, 2L, 2L, 2L, 2L), field(straight, "epoch"));
        CharLmTraining.Settings b = settings(text, "stateful", withEvery, "f");
        assertThrows(SimulatedCrash.class, () -> crash(null, b, 44));
        List<String> resumed = CharLmTraining.run(null, b, QUIET);
        // the checkpoint of step 44 held the lines of steps 20 and 40; the resumed run adds the rest
        assertEquals(field(straight, "steps"), field(resumed, "steps"));
        assertEquals(validationBpc(straight), validationBpc(resumed));
        ObjectMapper m = new ObjectMapper();
        // microseconds: every 6 steps take some
        double previous = 0;
        for (String line : resumed) {
            double t = m.readTree(line).get("train_seconds").asDouble();
            assertTrue(t > previous, "train_seconds must grow line by line, also across the resume: " + resumed);
            previous = t;
        }
    }

    private static List<Long> field(List<String> metrics, String name) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<Long> out = new java.util.ArrayList<>();
        for (String line : metrics) {
            out.add(m.readTree(line).get(name).asLong());
        }
        return out;
    }

    private static List<Double> validationBpc(List<String> metrics) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<Double> out = new java.util.ArrayList<>();
        for (String line : metrics) {
            out.add(m.readTree(line).get("validation_bpc").asDouble());
        }
        return out;
    }
}
