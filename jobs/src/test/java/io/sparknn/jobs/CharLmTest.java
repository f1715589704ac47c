package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.engine.io.ModelFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The char-lm command line (train under its earlier name, for text configs), in process without
 * Spark ({@code --local}): options, exit codes, messages.
 */
class CharLmTest {
    @TempDir
    Path tmp;

    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    record Result(int code, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CharLm.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, err.toString(StandardCharsets.UTF_8));
    }

    private Path text() throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        String[] words = {"in ", "the ", "beginning ", "was ", "the ", "word.\n"};
        StringBuilder b = new StringBuilder();
        while (b.length() < 2000) {
            b.append(words[r.nextInt(words.length)]);
        }
        Path p = tmp.resolve("text.txt");
        Files.writeString(p, b.toString());
        return p;
    }

    /** A config file training {@code steps} steps of 40 characters with this learning rate and output mode. */
    private Path config(String name, Path text, double lr, int steps, String mode) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, """
                {"data": {"format": "text", "train": "%s", "window": 10, "stride": 10, "mode": "stateful",
                          "validation_fraction": 0.1},
                 "network": {"precision": "float64", "layers": [{"type": "embedding", "dim": 3},
                     {"type": "lstm", "hidden": 5}, {"type": "dense"}]},
                 "optimizer": {"type": "adam", "lr": %s},
                 "training": {"batch_size": 4, "epochs": 1, "seed": 3, "max_steps": %d, "log_every": 0},
                 "output": {"dir": "%s", "mode": "%s", "checkpoint_every": 2}}
                """.formatted(text, lr, steps, tmp.resolve("run"), mode));
        return p;
    }

    @Test
    void unknownOptionsAndAMissingConfigArgumentAreUsageErrors() {
        Result bogus = run("c.json", "--bogus");
        assertEquals(ExitCode.USAGE.code(), bogus.code());
        assertEquals(
                "char-lm: unknown option --bogus\nusage: char-lm <config.json> [--local] [--allow-config-change]\n",
                bogus.err());
        Result none = run("--local");
        assertEquals(ExitCode.USAGE.code(), none.code());
        assertTrue(none.err().startsWith("char-lm: one config file expected"), none.err());
    }

    @Test
    void aChangedConfigIsRefusedWithExitCode6UntilAllowConfigChange() throws IOException {
        Path text = text();
        assertEquals(
                new Result(0, ""), run(config("a.json", text, 0.01, 5, "new").toString(), "--local"));
        Path changed = config("b.json", text, 0.02, 10, "resume");
        Result refused = run(changed.toString(), "--local");
        assertEquals(ExitCode.OUTPUT_REFUSED.code(), refused.code(), refused.err());
        assertEquals(
                "char-lm: refusing to resume " + tmp.resolve("run") + ": " + changed + " changed since its "
                        + "checkpoint: optimizer.lr was 0.01, now 0.02 (also training.max_steps); restore it, or pass "
                        + "--allow-config-change\n",
                refused.err());
        assertEquals(new Result(0, ""), run(changed.toString(), "--allow-config-change", "--local"));
        String metrics = Files.readString(tmp.resolve("run/metrics.jsonl"));
        assertEquals(2, metrics.lines().count(), metrics);
        assertTrue(metrics.lines().toList().get(1).contains("\"steps\":10"), metrics);
    }

    /** {@link #text()} with its character 50 before the end (inside the held-out tenth) replaced. */
    private Path withInTail(Path text, String character) throws IOException {
        StringBuilder b = new StringBuilder(Files.readString(text));
        b.replace(b.length() - 50, b.length() - 49, character);
        Files.writeString(text, b.toString());
        return text;
    }

    private List<Integer> codePoints(Path vocabularyJson) throws IOException {
        List<Integer> cps = new ArrayList<>();
        new ObjectMapper().readTree(vocabularyJson.toFile()).get("code_points").forEach(n -> cps.add(n.asInt()));
        return cps;
    }

    @Test
    void aCharacterOnlyTheHeldOutTailHoldsIsInTheVocabularyAndScored() throws IOException {
        Path text = withInTail(text(), "Z");
        assertEquals(
                new Result(0, ""), run(config("a.json", text, 0.01, 5, "new").toString(), "--local"));
        List<Integer> cps = codePoints(tmp.resolve("run/vocabulary.json"));
        assertTrue(cps.contains((int) 'Z'), cps.toString());
        assertEquals(
                cps.size(),
                ModelFile.load(tmp.resolve("run/model.bin")).spec().output().last(),
                "one output per character of the vocabulary");
        var metrics = new ObjectMapper()
                .readTree(Files.readString(tmp.resolve("run/metrics.jsonl"))
                        .lines()
                        .reduce((a, b) -> b)
                        .orElseThrow());
        // 19 whole windows of 10 of the 200-character tail: 'Z', its 151st character, is among them
        assertEquals(190, metrics.get("validation_chars").asInt(), metrics.toString());
        assertTrue(Double.isFinite(metrics.get("validation_bpc").asDouble()), metrics.toString());
    }

    @Test
    void aRunWhoseVocabularyLacksATailCharacterIsRefusedOnResumeWithOneLine() throws IOException {
        // a run started before the vocabulary took the held-out tail: its vocabulary.json and checkpoint lack 'Z'
        Path text = text();
        assertEquals(
                new Result(0, ""), run(config("a.json", text, 0.01, 5, "new").toString(), "--local"));
        byte[] model = Files.readAllBytes(tmp.resolve("run/model.bin"));
        withInTail(text, "Z");
        Result refused = run(config("a.json", text, 0.01, 5, "resume").toString(), "--local");
        assertEquals(
                new Result(
                        ExitCode.OUTPUT_REFUSED.code(),
                        "char-lm: refusing to resume " + tmp.resolve("run")
                                + ": the text " + text
                                + " has another character set than the run's vocabulary.json (U+005A 'Z' added; "
                                + "it occurs only in the held-out tail, which runs of older versions left out of the vocabulary); a model "
                                + "of one cannot continue on the other: use a new output directory\n"),
                refused);
        assertArrayEquals(model, Files.readAllBytes(tmp.resolve("run/model.bin")), "the refused run was touched");
        assertFalse(codePoints(tmp.resolve("run/vocabulary.json")).contains((int) 'Z'));
    }

    @Test
    void aUtf16TextInEitherByteOrderExitsWithTheBadDataCodeAndSaysToSaveItAsUtf8() throws IOException {
        String words = Files.readString(text());
        Path le = tmp.resolve("le.txt");
        Files.write(le, ("\uFEFF" + words).getBytes(StandardCharsets.UTF_16LE)); // FF FE, as Windows' "Unicode"
        Path be = tmp.resolve("be.txt");
        Files.write(be, ("\uFEFF" + words).getBytes(StandardCharsets.UTF_16BE)); // FE FF
        for (Path p : List.of(le, be)) {
            Result r = run(config("u.json", p, 0.01, 5, "new").toString(), "--local");
            assertEquals(
                    new Result(
                            ExitCode.BAD_DATA.code(),
                            "char-lm: " + p + " byte 0 (line 1): invalid UTF-8: byte " + (p == le ? "FF" : "FE")
                                    + " (the file starts with a UTF-16 byte order mark: save it as UTF-8)\n"),
                    r);
        }
        Path noMark = tmp.resolve("no-mark.txt");
        Files.write(noMark, words.getBytes(StandardCharsets.UTF_16LE)); // valid UTF-8, every other byte NUL
        Result r = run(config("u.json", noMark, 0.01, 5, "new").toString(), "--local");
        assertEquals(
                new Result(
                        ExitCode.BAD_DATA.code(),
                        "char-lm: " + noMark + " byte 1 (line 1): NUL byte (a quarter "
                                + "or more of its first bytes are NUL, as in UTF-16 text: save it as UTF-8)\n"),
                r);
        assertFalse(Files.exists(tmp.resolve("run")), "the output directory was created");
    }

    @Test
    void aMissingTextExitsWithTheBadDataCodeNamingIt() throws IOException {
        Path missing = tmp.resolve("absent.txt");
        Result r = run(config("c.json", missing, 0.01, 5, "new").toString(), "--local");
        assertEquals(new Result(ExitCode.BAD_DATA.code(), "char-lm: " + missing + ": file not found\n"), r);
    }

    @Test
    void aNetworkLargerThanTheHeapIsABadConfigBeforeAnythingIsWritten() throws IOException {
        // an LSTM of 20,000: 1.6e9 parameters fit one array but not three float64 copies (38 GB) in a test JVM's heap
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < 38e9);
        Path cfg = config("big.json", text(), 0.01, 5, "new");
        Files.writeString(cfg, Files.readString(cfg).replace("\"hidden\": 5", "\"hidden\": 20000"));
        Result r = run(cfg.toString(), "--local");
        assertEquals(ExitCode.BAD_CONFIG.code(), r.code(), r.err());
        // 16 characters: embedding 16×3, LSTM 4·20,000·(3 + 20,000 + 2), dense 20,000×16 + 16
        assertTrue(
                r.err()
                        .startsWith("char-lm: " + cfg + ": network: 1,600,720,064 parameters need at least 38.4 GB "
                                + "on the driver"),
                r.err());
        assertTrue(
                r.err().contains("--driver-memory with spark-submit, SPARKNN_DRIVER_MEMORY with bin/sparknn"), r.err());
        assertFalse(Files.exists(tmp.resolve("run")), "the output directory was created");
    }

    @Test
    void aConfigOfTheOldCharLmSchemaIsABadConfigNamingWhereItsKeysWent() throws IOException {
        Path old = tmp.resolve("old.json");
        Files.writeString(old, """
                {"data": {"format": "text", "train": "t.txt"},
                 "sequence": {"window": 10, "mode": "stateful"},
                 "network": {"embedding": 3, "lstm": [5]},
                 "training": {"batch_size": 4, "precision": "float64", "max_train_chars": 200},
                 "output": {"dir": "%s"}}
                """.formatted(tmp.resolve("run")));
        Result r = run(old.toString(), "--local");
        assertEquals(ExitCode.BAD_CONFIG.code(), r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(
                r.err()
                        .startsWith(
                                "char-lm: " + old + ": key 'sequence' is the char-lm config of earlier versions: "
                                        + "its keys moved to data (data.window, data.stride, data.mode, data.validation_fraction"),
                r.err());
        assertTrue(
                r.err()
                        .contains("training.precision to network.precision and training.max_train_chars to "
                                + "training.max_steps"),
                r.err());
        assertFalse(Files.exists(tmp.resolve("run")), "the output directory was created");
    }

    @Test
    void charLmRefusesATableConfigAndTrainRefusesATableInProcess() throws IOException {
        Path table = tmp.resolve("table.json");
        Files.writeString(table, """
                {"data": {"format": "builtin", "train": "digits"},
                 "network": {"input": [64], "layers": [{"type": "dense", "units": 10}]},
                 "training": {"epochs": 1},
                 "output": {"dir": "%s"}}
                """.formatted(tmp.resolve("run")));
        assertEquals(
                new Result(
                        ExitCode.BAD_CONFIG.code(),
                        "char-lm: " + table + ": key 'data.format' is builtin: "
                                + "char-lm trains a text (format text); train this config with train\n"),
                run(table.toString(), "--local"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Train.run(
                new String[] {table.toString(), "--local"}, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(
                new Result(
                        ExitCode.BAD_CONFIG.code(),
                        "train: " + table + ": key 'data.format' is builtin: only a "
                                + "text trains in process (--local); tables are read and trained on Spark\n"),
                new Result(code, err.toString(StandardCharsets.UTF_8)));
        assertFalse(Files.exists(tmp.resolve("run")), "the output directory was created");
    }
}
