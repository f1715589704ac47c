package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.trainer.JobConfigs;
import io.sparknn.trainer.SimulatedCrash;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.checkpoint.MetricsLog;
import io.sparknn.trainer.checkpoint.RunDirectory;
import io.sparknn.trainer.config.ConfigException;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text run ({@code data.format: text}, the character model) end to end: stateful on Spark, killed
 * and resumed from its checkpoint, equals one uninterrupted in-process run.
 */
class TextRunTest {
    @TempDir
    Path tmp;

    private Path text() throws IOException {
        return text(tmp);
    }

    /** {@code dir/text.txt}: 3,000 characters or a few more of words in a fixed random order. */
    static Path text(Path dir) throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        String[] words = {"the ", "lord ", "said ", "unto ", "moses, ", "and ", "it ", "was ", "so.\n"};
        StringBuilder b = new StringBuilder();
        while (b.length() < 3000) {
            b.append(words[r.nextInt(words.length)]);
        }
        Path p = dir.resolve("text.txt");
        Files.writeString(p, b.toString(), StandardCharsets.UTF_8);
        return p;
    }

    /** Metrics lines without {@code train_seconds}, the one field that differs between equal runs. */
    static List<String> withoutTime(List<String> lines) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        for (String line : lines) {
            com.fasterxml.jackson.databind.node.ObjectNode n = (com.fasterxml.jackson.databind.node.ObjectNode)
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            n.remove("train_seconds");
            out.add(n.toString());
        }
        return out;
    }

    private JobConfig settings(Path text, String mode, String out) {
        return settings(text, mode, "", out);
    }

    /**
     * Embedding 4, one LSTM of 6 and a dense layer over the vocabulary; no step lines
     * ({@code log_every} 0), so metrics.jsonl holds the scores only.
     *
     * @param extraTraining more keys at the start of {@code training}, each followed by a comma
     */
    private JobConfig settings(Path text, String mode, String extraTraining, String out) {
        String json = """
                {"data": {"format": "text", "train": "%s", "window": 10, %s"mode": "%s",
                          "validation_fraction": 0.1},
                 "network": {"precision": "float64", "layers": [{"type": "embedding", "dim": 4},
                             {"type": "lstm", "hidden": 6, "sequences": true}, {"type": "dense"}]},
                 "optimizer": {"type": "adam", "lr": 0.01},
                 "training": {%s"batch_size": 5, "epochs": 2, "seed": 1, "clip_norm": 1.0, "partitions": 2,
                              "threads_per_task": 1, "log_every": 0},
                 "output": {"dir": "%s", "mode": "auto", "checkpoint_every": 4}}
                """.formatted(
                        text, mode.equals("sliding") ? "\"stride\": 7, " : "", mode, extraTraining, tmp.resolve(out));
        return ConfigReader.parse("test.json", json);
    }

    @Test
    void theConfigIsReadStrictly() {
        String ok = """
                {"data": {"format": "text", "train": "t.txt", "window": 10},
                 "network": {"layers": [{"type": "embedding", "dim": 4}, {"type": "lstm", "hidden": 8}, {"type": "dense"}]},
                 "training": {}, "output": {"dir": "o"}}""";
        assertEquals(10, ConfigReader.parse("c.json", ok).text().window());
        var e = assertThrows(
                ConfigException.class, () -> ConfigReader.parse("c.json", ok.replace("\"window\"", "\"windw\"")));
        assertEquals("c.json: unknown key 'data.windw'", e.getMessage());
        var wrong = assertThrows(
                ConfigException.class,
                () -> ConfigReader.parse("c.json", ok.replace("\"window\": 10", "\"window\": -1")));
        assertEquals("c.json: key 'data.window' must be in [1, 2147483647], got -1", wrong.getMessage());
        var twice = assertThrows(
                ConfigException.class,
                () -> ConfigReader.parse("c.json", ok.replace("\"window\": 10", "\"window\": 10, \"window\": 12")));
        assertEquals("c.json: key 'data.window' appears twice (both on line 1): keep one", twice.getMessage());
        var lr = assertThrows(
                io.sparknn.engine.SparknnException.class,
                () -> ConfigReader.parse(
                        "c.json", ok.replace("\"training\"", "\"optimizer\": {\"lr\": -1}, \"training\"")));
        assertEquals("c.json: key 'optimizer.lr' must be a finite number >= 0, got -1", lr.getMessage());
    }

    /** A config of the char-lm job of earlier versions fails on one line that says where its keys went. */
    @Test
    void anOldCharLmConfigIsRefusedNamingTheNewKeys() {
        String old = """
                {"data": {"format": "text", "train": "t.txt"}, "sequence": {"window": 10},
                 "network": {"embedding": 4, "lstm": [6]}, "training": {"precision": "float64"}, "output": {"dir": "o"}}""";
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse("c.json", old));
        String m = e.getMessage();
        assertTrue(
                m.startsWith("c.json: key 'sequence' is the char-lm config of earlier versions: its keys moved to "
                        + "data (data.window, data.stride, data.mode, data.validation_fraction"),
                m);
        assertTrue(
                m.contains("training.precision to network.precision")
                        && m.contains("training.max_train_chars to training.max_steps"),
                m);
        assertEquals(-1, m.indexOf('\n'), "one line: " + m);
    }

    /** In process (--local) only a text trains: a table is refused naming data.format, before anything is written. */
    @Test
    void inProcessATableConfigIsRefusedBeforeAnythingIsWritten() {
        Path out = tmp.resolve("digits");
        JobConfig digits = JobConfigs.digits(
                out, JobConfigs.MLP, "{\"type\": \"sgd\", \"lr\": 0.1}", "{\"batch_size\": 32, \"epochs\": 1}", "");
        ConfigException e =
                assertThrows(ConfigException.class, () -> new TrainingRun(inProcess(), digits, false).run());
        assertEquals(
                out + ".json: key 'data.format' is builtin: only a text trains in process (--local); tables are "
                        + "read and trained on Spark",
                e.getMessage());
        assertFalse(Files.exists(out), "nothing is written");
    }

    /** Runs to the end and gives the lines of its metrics.jsonl. */
    static List<String> run(Compute compute, JobConfig c) throws IOException {
        new TrainingRun(compute, c, false).run();
        return metrics(compute.hadoop(), c);
    }

    static List<String> metrics(Configuration hadoop, JobConfig c) throws IOException {
        RunDirectory out = new RunDirectory(c.output().dir(), hadoop);
        return MetricsLog.lines(out.fs(), out.path());
    }

    static Compute inProcess() {
        return Compute.inProcess(new Configuration());
    }

    /** Runs until {@code step} and throws {@link SimulatedCrash}, as a killed driver would stop. */
    static void crash(Compute compute, JobConfig s, long step) throws IOException {
        new TrainingRun(compute, s, false)
                .observedBy(SimulatedCrash.afterStep(step))
                .run();
    }

    @Test
    void statefulRunKilledOnSparkAndResumedEqualsTheUninterruptedLocalRunBitwise() throws IOException {
        Path text = text();
        List<String> straight = run(inProcess(), settings(text, "stateful", "a"));
        JobConfig b = settings(text, "stateful", "b");
        // 2700 training characters in 5 streams: 53 windows of 10 per stream and epoch; step 30 is mid-epoch
        assertThrows(SimulatedCrash.class, () -> crash(Compute.spark(SparkTestContext.get()), b, 30));
        SparkTestContext.restart();
        List<String> resumed = run(Compute.spark(SparkTestContext.get()), b);
        assertEquals(2, straight.size());
        assertEquals(validationBpc(straight), validationBpc(resumed));
        assertArrayEquals(
                ModelFile.load(tmp.resolve("a/model.bin")).parameters(),
                ModelFile.load(tmp.resolve("b/model.bin")).parameters(),
                0.0);
        assertTrue(validationBpc(straight).get(1) < validationBpc(straight).get(0), straight.toString());
    }

    @Test
    void slidingWindowsTrainOnSparkLikeLocally() throws IOException {
        Path text = text();
        List<String> local = run(inProcess(), settings(text, "sliding", "c"));
        List<String> spark = run(Compute.spark(SparkTestContext.get()), settings(text, "sliding", "d"));
        assertEquals(validationBpc(local), validationBpc(spark));
    }

    /**
     * The text split into files of a directory (the cuts inside windows and streams) and read in
     * Spark's tasks trains to the bits of the one file read in process: the same vocabulary, scores
     * and weights, stateful and sliding.
     */
    @Test
    void aTextInSeveralFilesOnSparkTrainsLikeTheOneFileInProcess() throws IOException {
        Path text = text();
        String whole = Files.readString(text);
        Path dir = Files.createDirectories(tmp.resolve("parts"));
        int[] cuts = {0, 1234, 1240, 2999, whole.length()};
        for (int f = 0; f + 1 < cuts.length; f++) {
            Files.writeString(dir.resolve("part-" + f + ".txt"), whole.substring(cuts[f], cuts[f + 1]));
        }
        for (String mode : List.of("stateful", "sliding")) {
            String steps = "\"max_steps\": 12, ";
            List<String> local = withoutTime(run(inProcess(), settings(text, mode, steps, mode + "-local")));
            List<String> spark = withoutTime(
                    run(Compute.spark(SparkTestContext.get()), settings(dir, mode, steps, mode + "-spark")));
            assertEquals(local, spark, mode);
            assertEquals(
                    Files.readString(tmp.resolve(mode + "-local/vocabulary.json")),
                    Files.readString(tmp.resolve(mode + "-spark/vocabulary.json")),
                    mode);
            assertArrayEquals(
                    ModelFile.load(tmp.resolve(mode + "-local/model.bin")).parameters(),
                    ModelFile.load(tmp.resolve(mode + "-spark/model.bin")).parameters(),
                    0.0,
                    mode);
        }
    }

    @Test
    void evaluateEveryScoresInsideEpochsAndTrainingTimeContinuesAcrossAResume() throws IOException {
        Path text = text();
        // 53 steps per epoch: lines at steps 20, 40, 53 (epoch end), 60, 80, 100, 106 (epoch end)
        String withEvery = "\"evaluate_every\": 20, ";
        JobConfig a = settings(text, "stateful", withEvery, "e");
        List<String> straight = run(inProcess(), a);
        assertEquals(List.of(20L, 40L, 53L, 60L, 80L, 100L, 106L), field(straight, "steps"));
        assertEquals(List.of(1L, 1L, 1L, 2L, 2L, 2L, 2L), field(straight, "epoch"));
        JobConfig b = settings(text, "stateful", withEvery, "f");
        assertThrows(SimulatedCrash.class, () -> crash(inProcess(), b, 44));
        List<String> resumed = run(inProcess(), b);
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
