package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare} end to end on the built-in digits, in-process on local[2]. */
class CompareJobTest {
    @TempDir
    Path tmp;

    private Path config(String name, Path out, int epochs) {
        return JobTestSupport.write(
                tmp,
                name,
                JobTestSupport.digitsConfig(out, "{\"batch_size\": 128, \"epochs\": " + epochs + ", \"seed\": 12}", "")
                        .replace("\"checkpoint_every\": 20", "\"checkpoint_every\": 0"));
    }

    @Test
    void badNamesAndValuesAreConfigErrorsOnOneLine() {
        Path cfg = config("c.json", tmp.resolve("run"), 2);
        String[][] cases = {
            {"--optimizers", "adamx", "--trials", "2"},
            {"--optimizers", "adam,,sgd", "--trials", "2"},
            {"--optimizers", "adam,adam", "--trials", "2"},
            {"--optimizers", "adam", "--trials", "0"},
            {"--optimizers", "adam", "--trials", "two"},
            {"--optimizers", "adam", "--trials", "2", "--budget-minutes", "-1"},
            {"--optimizers", "adam", "--trials", "2", "--target", "x"}
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 1];
            args[0] = cfg.toString();
            System.arraycopy(c, 0, args, 1, c.length);
            JobTestSupport.Result r = JobTestSupport.run(Compare::run, args);
            assertEquals(3, r.code(), String.join(" ", c) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("compare: "), r.err());
        }
        assertEquals(
                2,
                JobTestSupport.run(Compare::run, cfg.toString(), "--optimizers", "adam")
                        .code(),
                "no --trials");
        assertTrue(Files.notExists(tmp.resolve("run")), "nothing written");
    }

    @Test
    void trialsAreRunDirectoriesAndAnInterruptedComparisonResumes() throws Exception {
        Path cfg = config("c.json", tmp.resolve("run"), 2);
        String[] args = {cfg.toString(), "--optimizers", "momentum", "--trials", "2", "--target", "0.5"};
        JobTestSupport.Result r = JobTestSupport.run(Compare::run, args);
        assertEquals(0, r.code(), r.err());
        Path out = tmp.resolve("run/compare"); // the default
        JsonNode first =
                new ObjectMapper().readTree(out.resolve("comparison.json").toFile());
        assertEquals(5, first.get("runs").size(), "2 trials, the winner with 3 seeds; momentum has no defaults row");
        // trial 1 is Halton point 1 = (1/2, 1/3): lr 10^(−4 + 4/2), 1 − momentum 10^(−2 + 2/3)
        JsonNode t1 = new ObjectMapper()
                .readTree(out.resolve("trials/momentum-1/config.resolved.json").toFile())
                .get("optimizer");
        assertEquals(1e-2, t1.get("lr").asDouble(), 1e-15);
        assertEquals(1 - Math.pow(10, -4 / 3.0), t1.get("momentum").asDouble(), 1e-12);
        assertTrue(Files.exists(out.resolve("trials/momentum-2/_SUCCESS")));
        for (int s = 13; s <= 15; s++) {
            assertTrue(Files.exists(out.resolve("seeds/momentum-seed" + s + "/model.bin")), "seed " + s);
        }
        DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(out.resolve("comparison.html").toFile());
        assertTrue(Files.readString(out.resolve("comparison.md")).contains("| momentum (best of 2) |"));

        // a comparison killed during its last run: that run again, nothing else
        Files.delete(out.resolve("seeds/momentum-seed15/_SUCCESS"));
        Map<String, String> before = JobTestSupport.hashes(out.resolve("trials"));
        assertEquals(0, JobTestSupport.run(Compare::run, args).code());
        assertEquals(before, JobTestSupport.hashes(out.resolve("trials")), "finished trials are read, not rerun");
        JsonNode second =
                new ObjectMapper().readTree(out.resolve("comparison.json").toFile());
        assertEquals(first.get("rows"), second.get("rows"), "the rerun gives the same bits, so the same table");

        // another comparison's finished trials are refused
        Path other = config("d.json", tmp.resolve("run"), 3);
        JobTestSupport.Result o =
                JobTestSupport.run(Compare::run, other.toString(), "--optimizers", "momentum", "--trials", "2");
        assertEquals(6, o.code(), o.err());
        assertTrue(o.err().contains("holds a finished trial of another comparison"), o.err());
    }
}
