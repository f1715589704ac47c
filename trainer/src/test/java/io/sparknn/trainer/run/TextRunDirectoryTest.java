package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.kernel.Blas;
import io.sparknn.trainer.LogCapture;
import io.sparknn.trainer.OtherSchemeFileSystem;
import io.sparknn.trainer.SimulatedCrash;
import io.sparknn.trainer.checkpoint.Checkpoint;
import io.sparknn.trainer.checkpoint.CheckpointStore;
import io.sparknn.trainer.checkpoint.OutputDirectoryException;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.data.DataException;
import io.sparknn.trainer.data.TextReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run directory of a text run: files on any Hadoop file system, written whole; the output modes;
 * what a resume compares, refuses and warns about. In-process runs of 10 steps (500 characters).
 */
class TextRunDirectoryTest {
    @TempDir
    Path tmp;

    private static final Configuration LOCAL = new Configuration();

    private static String words(int length, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] words = {"the ", "lord ", "said ", "unto ", "moses, ", "and ", "it ", "was ", "so.\n"};
        StringBuilder b = new StringBuilder();
        while (b.length() < length) {
            b.append(words[r.nextInt(words.length)]);
        }
        return b.toString();
    }

    private Path text() throws IOException {
        Path p = tmp.resolve("text.txt");
        Files.writeString(p, words(3000, 3), StandardCharsets.UTF_8);
        return p;
    }

    /**
     * 2700 training characters in 5 streams of windows of 10; 10 steps of 50 characters, a checkpoint
     * every 4; no step lines ({@code log_every} 0), so metrics.jsonl holds the scores only.
     */
    private static String config(String text, String out, String training, String output) {
        return """
                {"data": {"format": "text", "train": "%s", "window": 10, "mode": "stateful",
                          "validation_fraction": 0.1},
                 "network": {"precision": "float64", "layers": [{"type": "embedding", "dim": 4},
                             {"type": "lstm", "hidden": 6, "sequences": true}, {"type": "dense"}]},
                 "optimizer": {"type": "adam", "lr": 0.01},
                 "training": {%s"batch_size": 5, "epochs": 1, "seed": 1, "clip_norm": 1.0, "partitions": 2,
                              "threads_per_task": 1, "max_steps": 10, "log_every": 0},
                 "output": {%s"dir": "%s", "checkpoint_every": 4}}
                """.formatted(text, training, output, out);
    }

    private JobConfig settings(Path text, String out, String training, String output) {
        return ConfigReader.parse(
                "test.json", config(text.toString(), tmp.resolve(out).toString(), training, output));
    }

    /** Runs to the end (or finds the run finished) and gives the lines of its metrics.jsonl. */
    private static List<String> run(JobConfig s) throws IOException {
        return run(LOCAL, s, false);
    }

    private static List<String> run(Configuration hadoop, JobConfig s, boolean allowConfigChange) throws IOException {
        new TrainingRun(Compute.inProcess(hadoop), s, allowConfigChange).run();
        return TextRunTest.metrics(hadoop, s);
    }

    private static void crash(JobConfig s, long step) {
        crash(LOCAL, s, step);
    }

    private static void crash(Configuration hadoop, JobConfig s, long step) {
        assertThrows(
                SimulatedCrash.class,
                () -> new TrainingRun(Compute.inProcess(hadoop), s, false)
                        .observedBy(SimulatedCrash.afterStep(step))
                        .run());
    }

    private double[] parameters(String dir) throws IOException {
        return ModelFile.load(tmp.resolve(dir).resolve("model.bin")).parameters();
    }

    /** "steps: validation_bpc" of each metrics line. */
    private static List<String> validation(List<String> metrics) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<String> out = new java.util.ArrayList<>();
        for (String line : metrics) {
            var n = m.readTree(line);
            out.add(n.get("steps") + ": " + n.get("validation_bpc"));
        }
        return out;
    }

    private List<String> files(String dir) throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve(dir))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void textOutputAndCheckpointsGoThroughTheHadoopFileSystemOfTheirPath() throws IOException {
        Path gz = tmp.resolve("text.txt.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(words(3000, 3).getBytes(StandardCharsets.UTF_8));
        }
        Configuration other = OtherSchemeFileSystem.configuration();
        String textUri = OtherSchemeFileSystem.uri(gz);
        var straight =
                ConfigReader.parse("test.json", config(textUri, OtherSchemeFileSystem.uri(tmp.resolve("a")), "", ""));
        List<String> metrics = run(other, straight, false);
        assertEquals(
                List.of(
                        "_SUCCESS",
                        "checkpoints",
                        "config.resolved.json",
                        "metrics.jsonl",
                        "model.bin",
                        "report.html",
                        "run-info.json",
                        "vocabulary.json"),
                files("a"),
                "no temporary file is left behind");
        assertEquals(
                List.of("10: "),
                validation(metrics).stream().map(l -> l.substring(0, 4)).toList(),
                "one score, of the 10 steps: " + metrics);
        var vocabulary =
                new ObjectMapper().readTree(tmp.resolve("a/vocabulary.json").toFile());
        assertEquals(
                " ,.\nadehilmnorstuw".chars().sorted().boxed().toList(),
                java.util.stream.StreamSupport.stream(
                                vocabulary.get("code_points").spliterator(), false)
                        .map(n -> n.asInt())
                        .toList());
        // killed after step 6 and resumed from its checkpoint of step 4, read back through the same file system
        var b = ConfigReader.parse(
                "test.json", config(textUri, OtherSchemeFileSystem.uri(tmp.resolve("b")), "", "\"mode\": \"auto\", "));
        crash(other, b, 6);
        assertFalse(Files.exists(tmp.resolve("b/model.bin")));
        List<String> resumed = run(other, b, false);
        // train_bpc of the resumed epoch covers the steps since the resume only
        assertEquals(validation(metrics), validation(resumed));
        assertArrayEquals(parameters("a"), parameters("b"), 0.0);
    }

    @Test
    void aMissingTextOrAnEmptyDirectoryIsADataErrorNamingItAndTheOutputIsUntouched() throws IOException {
        Path missing = tmp.resolve("nothing.txt");
        var s = settings(missing, "out", "", "");
        DataException e = assertThrows(DataException.class, () -> run(s));
        assertEquals(missing + ": file not found", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")), "nothing is written before the text is read");
        // a directory is read as its files in name order: one without any is an error naming it
        DataException dir = assertThrows(DataException.class, () -> TextReader.readFile(tmp.toString(), 0, LOCAL));
        assertEquals(tmp + " byte 0: no data files", dir.getMessage());
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
        DataException nothing =
                assertThrows(DataException.class, () -> TextReader.readFile(empty.toString(), 0, LOCAL));
        assertEquals(empty + ": holds no text", nothing.getMessage());
        DataException scheme =
                assertThrows(DataException.class, () -> TextReader.readFile("nosuch:///t.txt", 0, LOCAL));
        assertTrue(scheme.getMessage().startsWith("nosuch:///t.txt: cannot open: "), scheme.getMessage());
    }

    @Test
    void aTextTooShortForItsWindowsIsADataErrorNamingItBeforeAnythingIsWritten() throws IOException {
        // stateful, 5 streams of windows of 10: training needs 51 characters, validation 11
        Path short45 = Files.writeString(
                tmp.resolve("short.txt"), "abcdefghij".repeat(5).substring(0, 45));
        DataException train = assertThrows(DataException.class, () -> run(settings(short45, "o1", "", "")));
        assertEquals(
                short45
                        + ": the training span holds 41 characters (of 45, less the data.validation_fraction 0.1), fewer "
                        + "than the 51 that 5 streams (training.batch_size) of one window of 10 characters and its next "
                        + "character need",
                train.getMessage());
        Path hundred = Files.writeString(tmp.resolve("hundred.txt"), "abcdefghij".repeat(10));
        DataException validation = assertThrows(DataException.class, () -> run(settings(hundred, "o2", "", "")));
        assertEquals(
                hundred + ": the validation span holds 10 characters, fewer than one window of 10 and its next "
                        + "character; raise data.validation_fraction or use a longer text",
                validation.getMessage());
        assertFalse(Files.exists(tmp.resolve("o1")) || Files.exists(tmp.resolve("o2")), "nothing is written");
    }

    @Test
    void invalidUtf8InAGzippedTextOnAnyFileSystemNamesTheFileByteOffsetAndLine() throws IOException {
        Path gz = tmp.resolve("bad.txt.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write("ab\ncd".getBytes(StandardCharsets.UTF_8));
            o.write(new byte[] {(byte) 0xC3, 0x28});
        }
        String uri = OtherSchemeFileSystem.uri(gz);
        DataException e = assertThrows(
                DataException.class, () -> TextReader.readFile(uri, 0, OtherSchemeFileSystem.configuration()));
        assertTrue(
                e.getMessage().startsWith(uri + " byte 5 of the gunzipped content (line 2): invalid UTF-8"),
                e.getMessage());
    }

    @Test
    void newModeRefusesADirectoryHoldingARunFinishedOrNot() throws IOException {
        Path text = text();
        var s = settings(text, "done", "", "");
        run(s);
        OutputDirectoryException finished = assertThrows(OutputDirectoryException.class, () -> run(s));
        assertTrue(
                finished.getMessage().contains(tmp.resolve("done") + " already holds a finished run"),
                finished.getMessage());
        var u = settings(text, "unfinished", "", "");
        crash(u, 6);
        OutputDirectoryException unfinished = assertThrows(OutputDirectoryException.class, () -> run(u));
        assertTrue(
                unfinished.getMessage().contains("holds an unfinished run; set output.mode to resume (or auto)"),
                unfinished.getMessage());
    }

    @Test
    void autoLeavesAFinishedRunAloneAndRefusesFilesWithoutACheckpoint() throws IOException {
        Path text = text();
        var s = settings(text, "done", "", "\"mode\": \"auto\", ");
        List<String> metrics = run(s);
        Path model = tmp.resolve("done/model.bin");
        byte[] before = Files.readAllBytes(model);
        var modified = Files.getLastModifiedTime(model);
        assertEquals(metrics, run(s));
        assertArrayEquals(before, Files.readAllBytes(model));
        assertEquals(modified, Files.getLastModifiedTime(model));
        Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(tmp.resolve("foreign/notes.txt"), "mine");
        OutputDirectoryException e = assertThrows(
                OutputDirectoryException.class, () -> run(settings(text, "foreign", "", "\"mode\": \"auto\", ")));
        assertTrue(e.getMessage().contains("holds an unfinished run without a committed checkpoint"), e.getMessage());
        assertEquals(List.of("notes.txt"), files("foreign"));
    }

    @Test
    void overwriteStartsAgainAndResumeNeedsACheckpoint() throws IOException {
        Path text = text();
        List<String> first = run(settings(text, "o", "", ""));
        Files.writeString(tmp.resolve("o/stray.txt"), "left over");
        assertEquals(
                TextRunTest.withoutTime(first),
                TextRunTest.withoutTime(run(settings(text, "o", "", "\"mode\": \"overwrite\", "))));
        assertFalse(files("o").contains("stray.txt"));
        OutputDirectoryException e = assertThrows(
                OutputDirectoryException.class, () -> run(settings(text, "empty", "", "\"mode\": \"resume\", ")));
        assertTrue(
                e.getMessage().contains(tmp.resolve("empty") + " has no committed checkpoint to resume from"),
                e.getMessage());
    }

    @Test
    void aChangedSettingIsRefusedNamingTheFirstKeyWithBothValues() throws IOException {
        Path text = text();
        crash(settings(text, "r", "", "\"mode\": \"auto\", "), 6);
        List<String> checkpoints = new CheckpointStore(
                        FileSystem.getLocal(LOCAL),
                        new org.apache.hadoop.fs.Path(tmp.resolve("r").toString()),
                        2)
                .list();
        var changed = ConfigReader.parse(
                "changed.json",
                config(text.toString(), tmp.resolve("r").toString(), "", "\"mode\": \"resume\", ")
                        .replace("\"lr\": 0.01", "\"lr\": 0.02")
                        .replace("\"seed\": 1", "\"seed\": 2"));
        ResumeRefusedException e = assertThrows(ResumeRefusedException.class, () -> run(changed));
        assertEquals(
                "refusing to resume " + tmp.resolve("r") + ": changed.json changed since its checkpoint: "
                        + "optimizer.lr was 0.01, now 0.02 (also training.seed); restore it, or pass --allow-config-change",
                e.getMessage());
        assertEquals(
                checkpoints,
                new CheckpointStore(
                                FileSystem.getLocal(LOCAL),
                                new org.apache.hadoop.fs.Path(tmp.resolve("r").toString()),
                                2)
                        .list(),
                "the refused run wrote nothing");
        assertFalse(Files.exists(tmp.resolve("r/_SUCCESS")));
    }

    @Test
    void aMovedRunResumesWithAnotherCheckpointAndScoringRateToTheSameWeights() throws IOException {
        Path text = text();
        run(settings(text, "straight", "", ""));
        crash(settings(text, "before", "", "\"mode\": \"auto\", "), 6);
        Files.move(tmp.resolve("before"), tmp.resolve("after"));
        var moved = ConfigReader.parse(
                "test.json",
                config(
                                text.toString(),
                                tmp.resolve("after").toString(),
                                "\"evaluate_every\": 5, ",
                                "\"mode\": \"resume\", ")
                        .replace("\"checkpoint_every\": 4", "\"checkpoint_every\": 3"));
        List<String> metrics = run(moved);
        assertArrayEquals(parameters("straight"), parameters("after"), 0.0);
        assertEquals(2, metrics.size(), "the line of step 5 (evaluate_every) and the final one: " + metrics);
    }

    @Test
    void aTextWithACharacterOnlyInItsTailResumesToTheUninterruptedWeights() throws IOException {
        Path text = text();
        StringBuilder b = new StringBuilder(Files.readString(text));
        b.replace(b.length() - 50, b.length() - 49, "Z"); // inside the held-out tenth, nowhere before
        Files.writeString(text, b.toString());
        run(settings(text, "straight", "", ""));
        crash(settings(text, "r", "", "\"mode\": \"auto\", "), 6);
        run(settings(text, "r", "", "\"mode\": \"auto\", "));
        assertArrayEquals(parameters("straight"), parameters("r"), 0.0);
        assertTrue(Files.readString(tmp.resolve("r/vocabulary.json")).contains(",90,"), "'Z' (90) in the vocabulary");
    }

    @Test
    void allowConfigChangeContinuesWithTheNewSettingsAndNewStreams() throws IOException {
        Path text = text();
        run(settings(text, "grow", "", ""));
        // up to step 25 with 4 streams, as max_train_chars 1000 of earlier versions gave: 10 steps of 50 characters,
        // then 40 per step
        String more = config(text.toString(), tmp.resolve("grow").toString(), "", "\"mode\": \"resume\", ")
                .replace("\"max_steps\": 10", "\"max_steps\": 25")
                .replace("\"batch_size\": 5", "\"batch_size\": 4");
        var s = ConfigReader.parse("more.json", more);
        ResumeRefusedException e = assertThrows(ResumeRefusedException.class, () -> run(s));
        assertTrue(
                e.getMessage()
                        .contains("more.json changed since its checkpoint: training.batch_size was 5, now 4 "
                                + "(also training.max_steps)"),
                e.getMessage());
        List<String> metrics;
        String printed;
        try (LogCapture log = new LogCapture(TrainingRun.class)) {
            metrics = run(LOCAL, s, true);
            printed = String.join("\n", log.lines());
        }
        assertTrue(
                printed.contains("WARN resuming " + tmp.resolve("grow") + " with a changed config "
                        + "(--allow-config-change): training.batch_size was 5, now 4"),
                printed);
        assertTrue(
                printed.contains("WARN the checkpoint carries the state of other streams (60 values, the run has 48)"),
                printed);
        assertEquals(
                25,
                new ObjectMapper()
                        .readTree(metrics.get(metrics.size() - 1))
                        .get("steps")
                        .asInt(),
                metrics.toString());
        assertTrue(Files.exists(tmp.resolve("grow/_SUCCESS")));
    }

    @Test
    void aCheckpointThatCannotContinueIsRefusedEvenWithAllowConfigChange() throws IOException {
        Path text = text();
        run(settings(text, "fixed", "", ""));
        String resume = config(text.toString(), tmp.resolve("fixed").toString(), "", "\"mode\": \"resume\", ");
        var wider = ConfigReader.parse("wider.json", resume.replace("\"hidden\": 6", "\"hidden\": 7"));
        ResumeRefusedException network = assertThrows(ResumeRefusedException.class, () -> run(LOCAL, wider, true));
        assertTrue(
                network.getMessage()
                        .contains("its checkpoint's network differs from the one wider.json "
                                + "gives at line 3: 'layer lstm hidden=6 sequences=true' in the checkpoint, 'layer lstm hidden=7 "
                                + "sequences=true' now"),
                network.getMessage());
        var sgd = ConfigReader.parse("sgd.json", resume.replace("\"type\": \"adam\"", "\"type\": \"sgd\""));
        ResumeRefusedException optimizer = assertThrows(ResumeRefusedException.class, () -> run(LOCAL, sgd, true));
        assertTrue(
                optimizer
                        .getMessage()
                        .contains("its checkpoint holds the optimizer state of adam, sgd.json asks for sgd"),
                optimizer.getMessage());
        Files.writeString(text, "Zion " + words(3000, 3), StandardCharsets.UTF_8);
        var s = ConfigReader.parse("test.json", resume);
        ResumeRefusedException vocabulary = assertThrows(ResumeRefusedException.class, () -> run(LOCAL, s, true));
        assertTrue(
                vocabulary
                        .getMessage()
                        .contains("the text " + text + " has another character set than the run's "
                                + "vocabulary.json (U+005A 'Z' added); a model of one cannot continue on the other"),
                vocabulary.getMessage());
        assertTrue(Files.exists(tmp.resolve("fixed/_SUCCESS")), "a refused resume leaves the finished run as it was");
        Files.writeString(tmp.resolve("fixed/vocabulary.json"), "{");
        // changed behind the local file system's back: its checksum no longer matches
        ResumeRefusedException unreadable = assertThrows(ResumeRefusedException.class, () -> run(LOCAL, s, true));
        assertTrue(
                unreadable.getMessage().contains("fixed/vocabulary.json cannot be read: Checksum error"),
                unreadable.getMessage());
        Files.delete(tmp.resolve("fixed/.vocabulary.json.crc"));
        ResumeRefusedException damaged = assertThrows(ResumeRefusedException.class, () -> run(LOCAL, s, true));
        assertTrue(damaged.getMessage().contains("fixed/vocabulary.json is not valid JSON"), damaged.getMessage());
    }

    @Test
    void anotherBlasOrThreadCountWarnsAndACheckpointWithTheConfigAsWrittenResumes() throws IOException {
        Path text = text();
        String written = config(text.toString(), tmp.resolve("w").toString(), "", "\"mode\": \"auto\", ");
        var s = ConfigReader.parse("test.json", written);
        crash(s, 6);
        CheckpointStore store = new CheckpointStore(
                FileSystem.getLocal(LOCAL),
                new org.apache.hadoop.fs.Path(tmp.resolve("w").toString()),
                2);
        Checkpoint c = store.latest();
        assertEquals(4, c.globalStep());
        // as older versions wrote it: the config text as given, not resolved; and another machine's BLAS
        store.save(new Checkpoint(
                c.globalStep(),
                c.epoch(),
                c.stepInEpoch(),
                c.bestScore(),
                c.epochsWithoutImprovement(),
                c.bestEpoch(),
                written,
                "OtherBLAS",
                3,
                "7",
                c.metrics(),
                c.model(),
                c.best(),
                c.streamState()));
        String printed;
        try (LogCapture log = new LogCapture(TrainingRun.class)) {
            run(s);
            printed = String.join("\n", log.lines());
        }
        assertTrue(
                printed.contains("WARN resuming with BLAS " + Blas.implementationName() + " (checkpoint: OtherBLAS), "
                        + "OPENBLAS_NUM_THREADS=" + Blas.openBlasThreads() + " (checkpoint: 7), "
                        + s.training().threadsPerTask()
                        + " engine thread(s) per task (checkpoint: 3; training.threads_per_task, or spark.task.cpus when it is 0): "
                        + "results will match an uninterrupted run only to rounding"),
                printed);
        assertTrue(printed.contains("INFO resuming from step 4"), printed);
    }

    /**
     * A checkpoint of the char-lm job of earlier versions holds its own config schema: the resume is
     * refused on one line that says why, before anything is written.
     */
    @Test
    void aCheckpointOfTheOldCharLmSchemaIsRefusedOnOneLine() throws IOException {
        Path text = text();
        var s = settings(text, "old", "", "\"mode\": \"auto\", ");
        crash(s, 6);
        CheckpointStore store = new CheckpointStore(
                FileSystem.getLocal(LOCAL),
                new org.apache.hadoop.fs.Path(tmp.resolve("old").toString()),
                2);
        Checkpoint c = store.latest();
        String charLm = """
                {"data": {"format": "text", "train": "%s"},
                 "sequence": {"window": 10, "mode": "stateful", "validation_fraction": 0.1},
                 "network": {"embedding": 4, "lstm": [6]},
                 "optimizer": {"type": "adam", "lr": 0.01},
                 "training": {"batch_size": 5, "epochs": 1, "seed": 1, "clip_norm": 1.0, "partitions": 2,
                              "precision": "float64", "max_train_chars": 500},
                 "output": {"dir": "%s", "checkpoint_every": 4}}""".formatted(text, tmp.resolve("old"));
        store.save(new Checkpoint(
                c.globalStep(),
                c.epoch(),
                c.stepInEpoch(),
                c.bestScore(),
                c.epochsWithoutImprovement(),
                c.bestEpoch(),
                charLm,
                c.blas(),
                c.threadsPerTask(),
                c.openBlasThreads(),
                c.metrics(),
                c.model(),
                c.best(),
                c.streamState()));
        Map<String, byte[]> before = contents(tmp.resolve("old"));
        ResumeRefusedException e = assertThrows(ResumeRefusedException.class, () -> run(s));
        assertTrue(
                e.getMessage()
                        .startsWith("refusing to resume " + tmp.resolve("old") + ": its checkpoint's config cannot "
                                + "be read by this version (the checkpoint's config: key 'sequence' is the char-lm config of earlier "
                                + "versions"),
                e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
        Map<String, byte[]> after = contents(tmp.resolve("old"));
        assertEquals(before.keySet(), after.keySet(), "the refused resume made or removed no file");
        before.forEach((f, bytes) -> assertArrayEquals(bytes, after.get(f), f + " changed"));
    }

    /** Every file below {@code dir} (checkpoints included) by its relative path, with its bytes. */
    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> out = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    @Test
    void theResolvedConfigReadsBackToItselfAndFillsEveryDefault() {
        String minimal = """
                {"data": {"format": "text", "train": "t.txt"},
                 "network": {"layers": [{"type": "embedding", "dim": 4}, {"type": "lstm", "hidden": 256}, {"type": "dense"}]},
                 "training": {}, "output": {"dir": "o"}}""";
        var s = ConfigReader.parse("c.json", minimal);
        String resolved = s.resolved();
        assertEquals(
                resolved, ConfigReader.parse("config.resolved.json", resolved).resolved());
        var dir = new org.apache.hadoop.fs.Path("/runs/x");
        assertEquals(List.of(), ResumeCheck.changedKeys(ResumeCheck.normalized(minimal, dir), resolved));
        assertTrue(resolved.contains("\"mode\" : \"new\""), resolved);
        String other = resolved.replace("\"evaluate_every\" : 0", "\"evaluate_every\" : 9")
                .replace("\"dir\" : \"o\"", "\"dir\" : \"moved\"")
                .replace("\"hidden\" : 256", "\"hidden\" : 128");
        assertEquals(List.of("network.layers"), ResumeCheck.changedKeys(resolved, other));
        // the sizes the text gives (the embedding's vocab, the last dense layer's units) are not written
        String layers = "[{\"type\":\"embedding\",\"dim\":4},{\"type\":\"lstm\",\"hidden\":%d,\"sequences\":true},"
                + "{\"type\":\"dense\",\"init\":\"he_uniform\"}]";
        assertEquals(
                "network.layers was " + layers.formatted(256) + ", now " + layers.formatted(128),
                ResumeCheck.change("network.layers", resolved, other));
        ResumeRefusedException none = assertThrows(
                ResumeRefusedException.class,
                () -> ResumeCheck.config(null, s, true, dir, 1, org.slf4j.LoggerFactory.getLogger(TrainingRun.class)));
        assertEquals("refusing to resume /runs/x: it has no committed checkpoint", none.getMessage());
    }
}
