package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lr-find} end to end on the built-in digits, in-process on local[2]. */
class LrFindJobTest {
    @TempDir
    Path tmp;

    private Path config(String name, Path out, String mode) {
        return JobTestSupport.write(
                tmp,
                name,
                JobTestSupport.digitsConfig(
                                out,
                                "{\"batch_size\": 128, \"epochs\": 2, \"seed\": 11, \"lr_scaling\": \"linear\", "
                                        + "\"warmup_steps\": 3}",
                                ", \"schedule\": {\"type\": \"cosine\", \"t_max\": 20}")
                        .replace("\"checkpoint_every\": 20", "\"checkpoint_every\": 0, \"mode\": \"" + mode + "\""));
    }

    @Test
    void badOptionValuesAreConfigErrorsOnOneLine() {
        Path cfg = config("c.json", tmp.resolve("run"), "new");
        String[][] cases = {
            {"--start", "0"},
            {"--start", "abc"},
            {"--end", "1e-9"},
            {"--end", "Infinity"},
            {"--steps", "3"},
            {"--steps", "1.5"},
            {"--out", ""}
        };
        for (String[] c : cases) {
            JobTestSupport.Result r = JobTestSupport.run(LrFind::run, cfg.toString(), c[0], c[1]);
            assertEquals(3, r.code(), String.join(" ", c) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("lr-find: "), r.err());
        }
        assertEquals(
                2,
                JobTestSupport.run(LrFind::run, cfg.toString(), "--begin", "1").code());
        assertEquals(
                2, JobTestSupport.run(LrFind::run, cfg.toString(), "--steps").code());
        assertTrue(Files.notExists(tmp.resolve("run")), "nothing written");
    }

    @Test
    void aSweepThatDivergesEndsNormallyAndATrainAfterItGivesTheSameBits() throws Exception {
        // the reference: train alone
        Path alone = tmp.resolve("alone");
        assertEquals(
                0,
                JobTestSupport.run(Train::run, config("a.json", alone, "new").toString())
                        .code());

        Path out = tmp.resolve("with");
        Path cfg = config("b.json", out, "new");
        // Adam at rates up to 1e3 diverges: the sweep stops, exit 0
        JobTestSupport.Result r =
                JobTestSupport.run(LrFind::run, cfg.toString(), "--start", "1e-5", "--end", "1000", "--steps", "40");
        assertEquals(0, r.code(), r.err());
        Path dir = out.resolve("lr-find"); // the default: inside the config's output directory
        JsonNode j = new ObjectMapper().readTree(dir.resolve("lr-find.json").toFile());
        assertTrue(
                j.get("stopped").asText().startsWith("stopped: "),
                j.get("stopped").asText());
        JsonNode points = j.get("points");
        assertTrue(points.size() > 10 && points.size() < 40, "points " + points.size());
        assertEquals(1e-5, points.get(0).get("lr").asDouble(), 1e-18);
        double ratio = Math.pow(1e8, 1.0 / 39);
        assertEquals(
                1e-5 * Math.pow(ratio, 10),
                points.get(10).get("lr").asDouble(),
                1e-15,
                "the ramp, not the " + "config's cosine, warm-up or linear scaling");
        assertEquals(
                points.get(0).get("loss").asDouble(),
                points.get(0).get("smoothed").asDouble(),
                1e-12,
                "bias-corrected");
        double valley = j.get("suggestions").get("valley").asDouble();
        assertTrue(valley > 1e-5 && valley < 1000, "valley " + valley);
        assertEquals("cosine", j.get("ignored").get("schedule").get("type").asText());
        DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(dir.resolve("lr-find.html").toFile());
        assertTrue(Files.exists(dir.resolve("run/metrics.jsonl")), "the sweep is a run of its own");

        // the same process trains the config as if lr-find had not run, and keeps lr-find's files
        assertEquals(0, JobTestSupport.run(Train::run, cfg.toString()).code());
        assertArrayEquals(Files.readAllBytes(alone.resolve("model.bin")), Files.readAllBytes(out.resolve("model.bin")));
        assertTrue(Files.exists(dir.resolve("lr-find.json")));
        // overwrite replaces the run and keeps lr-find/
        Path again = config("c.json", out, "overwrite");
        assertEquals(0, JobTestSupport.run(Train::run, again.toString()).code());
        assertTrue(Files.exists(dir.resolve("lr-find.json")), "overwrite keeps lr-find/");
        assertArrayEquals(Files.readAllBytes(alone.resolve("model.bin")), Files.readAllBytes(out.resolve("model.bin")));
    }
}
