package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The char-lm command line, in process without Spark ({@code --local}): options, exit codes, messages. */
class CharLmTest {
    @TempDir
    Path tmp;

    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    record Result(int code, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CharLm.run(args, QUIET, new PrintStream(err, true, StandardCharsets.UTF_8));
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

    /** A config file training {@code chars} characters (5 steps of 40 per 200) with this learning rate and output mode. */
    private Path config(String name, Path text, double lr, int chars, String mode) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, """
                {"data": {"format": "text", "train": "%s"},
                 "sequence": {"window": 10, "stride": 10, "mode": "stateful", "validation_fraction": 0.1},
                 "network": {"embedding": 3, "lstm": [5]},
                 "optimizer": {"type": "adam", "lr": %s},
                 "training": {"batch_size": 4, "epochs": 1, "seed": 3, "precision": "float64", "max_train_chars": %d},
                 "output": {"dir": "%s", "mode": "%s", "checkpoint_every": 2}}
                """.formatted(text, lr, chars, tmp.resolve("run"), mode));
        return p;
    }

    @Test
    void unknownOptionsAndAMissingConfigArgumentAreUsageErrors() {
        Result bogus = run("c.json", "--bogus");
        assertEquals(ExitCode.USAGE.code(), bogus.code());
        assertEquals("char-lm: unknown option --bogus\n" + CharLm.USAGE + "\n", bogus.err());
        Result none = run("--local");
        assertEquals(ExitCode.USAGE.code(), none.code());
        assertTrue(none.err().startsWith("char-lm: one config file expected"), none.err());
    }

    @Test
    void aChangedConfigIsRefusedWithExitCode6UntilAllowConfigChange() throws IOException {
        Path text = text();
        assertEquals(new Result(0, ""), run(config("a.json", text, 0.01, 200, "new").toString(), "--local"));
        Path changed = config("b.json", text, 0.02, 400, "resume");
        Result refused = run(changed.toString(), "--local");
        assertEquals(ExitCode.OUTPUT_REFUSED.code(), refused.code(), refused.err());
        assertEquals("char-lm: refusing to resume " + tmp.resolve("run") + ": " + changed + " changed since its "
                + "checkpoint: optimizer.lr was 0.01, now 0.02 (also training.max_train_chars); restore it, or pass "
                + "--allow-config-change\n", refused.err());
        assertEquals(new Result(0, ""), run(changed.toString(), "--allow-config-change", "--local"));
        String metrics = Files.readString(tmp.resolve("run/metrics.jsonl"));
        assertEquals(2, metrics.lines().count(), metrics);
        assertTrue(metrics.lines().toList().get(1).contains("\"steps\":10"), metrics);
    }

    @Test
    void aMissingTextExitsWithTheBadDataCodeNamingIt() throws IOException {
        Path missing = tmp.resolve("absent.txt");
        Result r = run(config("c.json", missing, 0.01, 200, "new").toString(), "--local");
        assertEquals(new Result(ExitCode.BAD_DATA.code(), "char-lm: " + missing + ": file not found\n"), r);
    }

    @Test
    void aNetworkLargerThanTheHeapIsABadConfigBeforeAnythingIsWritten() throws IOException {
        // an LSTM of 20,000: 1.6e9 parameters fit one array but not three float64 copies (38 GB) in a test JVM's heap
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < 38e9);
        Path cfg = config("big.json", text(), 0.01, 200, "new");
        Files.writeString(cfg, Files.readString(cfg).replace("\"lstm\": [5]", "\"lstm\": [20000]"));
        Result r = run(cfg.toString(), "--local");
        assertEquals(ExitCode.BAD_CONFIG.code(), r.code(), r.err());
        // 16 characters: embedding 16×3, LSTM 4·20,000·(3 + 20,000 + 2), dense 20,000×16 + 16
        assertTrue(r.err().startsWith("char-lm: " + cfg + ": network: 1,600,720,064 parameters need at least 38.4 GB "
                + "on the driver"), r.err());
        assertTrue(r.err().contains("--driver-memory with spark-submit, SPARKNN_DRIVER_MEMORY with bin/sparknn"), r.err());
        assertFalse(Files.exists(tmp.resolve("run")), "the output directory was created");
    }
}
