package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan}: its errors, one line each with the documented exit code, and its output on a tiny network (no Spark). */
class PlanJobTest {
    @TempDir
    Path tmp;

    record Out(int code, String out, String err) {}

    static Out plan(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Plan.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String digits(String training) {
        return JobTestSupport.write(tmp, "c.json", JobTestSupport.digitsConfig(tmp.resolve("run"), training, ""))
                .toString();
    }

    @Test
    void badInputIsOneLineWithItsExitCode() {
        String cfg = digits("{\"batch_size\": 64, \"epochs\": 1}");
        String text = JobTestSupport.write(
                        tmp,
                        "text.json",
                        "{\"data\": {\"format\": \"text\", \"train\": \"" + tmp.resolve("t.txt") + "\"},"
                                + " \"network\": {\"layers\": [{\"type\": \"embedding\", \"dim\": 4},"
                                + " {\"type\": \"lstm\", \"hidden\": 8}, {\"type\": \"dense\"}]},"
                                + " \"training\": {\"batch_size\": 4, \"epochs\": 1},"
                                + " \"output\": {\"dir\": \"" + tmp.resolve("o") + "\"}}")
                .toString();
        String badKey = JobTestSupport.write(
                        tmp,
                        "bad.json",
                        JobTestSupport.digitsConfig(tmp.resolve("run"), "{\"batch_sise\": 64, \"epochs\": 1}", ""))
                .toString();
        Object[][] cases = {
            // exit code, what stderr's line must contain, args
            {2, "one config file expected", new String[] {}},
            {2, "--executors N is required", new String[] {cfg}},
            {2, "unknown option --workers", new String[] {cfg, "--workers", "4"}},
            {2, "option --executors needs a value", new String[] {cfg, "--executors"}},
            {3, "--executors must be a whole number, got 'four'", new String[] {cfg, "--executors", "four"}},
            {3, "--executors must be 1 to 100000, got 0", new String[] {cfg, "--executors", "0"}},
            {
                3,
                "--bandwidth-gbps must be a positive number",
                new String[] {cfg, "--executors", "4", "--bandwidth-gbps", "-1"}
            },
            {
                3,
                "--bandwidth-gbps must be a number, got 'fast'",
                new String[] {cfg, "--executors", "4", "--bandwidth-gbps", "fast"}
            },
            {3, "--latency-ms must be 0 or more", new String[] {cfg, "--executors", "4", "--latency-ms", "NaN"}},
            {3, "config file not found", new String[] {tmp.resolve("none.json").toString(), "--executors", "4"}},
            {3, "training.batch_sise", new String[] {badKey, "--executors", "4"}},
            {3, "key 'data.format' is text", new String[] {text, "--executors", "4"}},
        };
        for (Object[] c : cases) {
            Out r = plan((String[]) c[2]);
            String what = String.join(" ", (String[]) c[2]) + " → " + r.err();
            assertEquals(c[0], r.code(), what);
            assertTrue(r.err().startsWith("plan: "), what);
            assertTrue(r.err().contains((String) c[1]), what);
            long lines = r.err().strip().lines().count();
            assertEquals((int) c[0] == 2 ? 2 : 1, lines, what); // a usage error adds the usage line
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), what);
            assertEquals("", r.out(), what);
        }
    }

    @Test
    void printsTheBytesTasksAndPickForATinyNetwork() {
        // 64-32-10: 64 × 32 + 32 + 32 × 10 + 10 = 2,410 parameters, 9,640 bytes of float32
        Out r = plan(digits("{\"batch_size\": 64, \"epochs\": 1}"), "--executors", "8", "--bandwidth-gbps", "25");
        assertEquals(0, r.code(), r.err());
        String o = r.out();
        assertTrue(o.contains("2,410 parameters (0.01 MB of float32), global batch 64, float32 wire; 8 executors"), o);
        assertTrue(o.contains("25.0 Gb/s links, 0.500 ms a message"), o);
        // depth 1: 8 results of (1.0049 × 9,640 + 1,064) bytes = 0.086 MB; 8 tasks
        assertTrue(o.matches("(?s).*\\ndepth 1 +0\\.09 +0\\.11 +0\\.00 +8 .*"), o);
        // depth 2: groups of 3 → 3 group sums and 11 envelopes (0.041 MB); 8 + 3 tasks
        assertTrue(o.matches("(?s).*\\ndepth 2 +0\\.04 +0\\.15 +0\\.08 +11 .*"), o);
        // reduce-scatter: one gradient, 16 envelopes and 8 shard results in (0.033 MB); 16 tasks
        assertTrue(o.matches("(?s).*\\nreduce-scatter +0\\.03 +0\\.15 +0\\.08 +16 .*"), o);
        // auto: under 1 MB of parameters, depth 1
        assertTrue(o.contains("the config's aggregation: auto (picks depth 1 here)"), o);
        // fewer tasks win for a network this small, under either set of overheads
        assertTrue(o.contains("pick (A): depth 1,"), o);
        assertTrue(o.contains("pick (B): depth 1,"), o);
        assertEquals("", r.err());
    }
}
