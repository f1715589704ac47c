package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.trainer.NoAppendFileSystem;
import io.sparknn.trainer.SimulatedCrash;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics lines of whole text runs killed after a step and resumed: exactly the lines up to
 * the checkpoint are kept and every later one is written once, on a file system without append (in
 * segments) and from a checkpoint of an older version that holds its lines itself. In-process runs of
 * 10 steps, a score line every 2 steps and a checkpoint every 4.
 */
class RunMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    java.nio.file.Path tmp;

    private java.nio.file.Path text() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        String[] words = {"the ", "lord ", "said ", "unto ", "moses, ", "and ", "it ", "was ", "so.\n"};
        StringBuilder b = new StringBuilder();
        while (b.length() < 3000) {
            b.append(words[r.nextInt(words.length)]);
        }
        return java.nio.file.Files.writeString(tmp.resolve("text.txt"), b.toString(), StandardCharsets.UTF_8);
    }

    /** No step lines ({@code log_every} 0): the lines are the scores of every 2 steps. */
    private static JobConfig settings(java.nio.file.Path text, String out) {
        return ConfigReader.parse("test.json", """
                {"data": {"format": "text", "train": "%s", "window": 10, "mode": "stateful",
                          "validation_fraction": 0.1},
                 "network": {"precision": "float64", "layers": [{"type": "embedding", "dim": 4},
                             {"type": "lstm", "hidden": 6, "sequences": true}, {"type": "dense"}]},
                 "optimizer": {"type": "adam", "lr": 0.01},
                 "training": {"batch_size": 5, "epochs": 1, "seed": 1, "clip_norm": 1.0, "partitions": 2,
                              "threads_per_task": 1, "max_steps": 10, "log_every": 0, "evaluate_every": 2},
                 "output": {"mode": "auto", "dir": "%s", "checkpoint_every": 4}}
                """.formatted(text, out));
    }

    private static List<String> straight(Configuration conf, JobConfig s) throws IOException {
        return TextRunTest.run(Compute.inProcess(conf), s);
    }

    private static void crashAfterStep6(Configuration conf, JobConfig s) {
        assertThrows(SimulatedCrash.class, () -> TextRunTest.crash(Compute.inProcess(conf), s, 6));
    }

    private List<String> names(String dir) throws IOException {
        try (Stream<java.nio.file.Path> s = java.nio.file.Files.list(tmp.resolve(dir))) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void withoutAppendTheLinesGoToSegmentsAndAResumeKeepsThoseUpToItsCheckpoint() throws IOException {
        java.nio.file.Path text = text();
        List<String> expected = straight(
                new Configuration(), settings(text, tmp.resolve("straight").toString()));
        assertEquals(5, expected.size(), "a line at steps 2, 4, 6, 8 and 10: " + expected);

        Configuration conf = NoAppendFileSystem.configuration(false);
        JobConfig s = settings(text, NoAppendFileSystem.uri(tmp.resolve("run")));
        crashAfterStep6(conf, s);
        // the checkpoint of step 4 closed the segment of steps 2 and 4; the line of step 6 is in the next one
        assertEquals(List.of("part-00000.jsonl", "part-00001.jsonl"), names("run/metrics"));
        assertFalse(java.nio.file.Files.exists(tmp.resolve("run/metrics.jsonl")), "written when the run ends");
        List<String> resumed = straight(conf, s);
        assertEquals(
                TextRunTest.withoutTime(expected),
                TextRunTest.withoutTime(resumed),
                "the lines up to step 4 kept, every later one once");
        assertEquals(String.join("", resumed), java.nio.file.Files.readString(tmp.resolve("run/metrics.jsonl")));
        for (String checkpoint : names("run/checkpoints")) {
            assertFalse(
                    names("run/checkpoints/" + checkpoint).contains("metrics.jsonl"),
                    "a checkpoint holds the number of lines, not the lines");
        }
    }

    @Test
    void aCheckpointOfAnOlderVersionHoldingItsMetricsLinesResumes() throws IOException {
        java.nio.file.Path text = text();
        List<String> expected = straight(
                new Configuration(), settings(text, tmp.resolve("straight").toString()));
        Configuration conf = new Configuration();
        JobConfig s = settings(text, tmp.resolve("run").toString());
        crashAfterStep6(conf, s);
        FileSystem local = FileSystem.getLocal(conf);
        Path checkpoint =
                new Path(tmp.resolve("run/checkpoints/step-0000000004").toString());
        // as an older version wrote them: the checkpoint holds the lines up to step 4, the run's file has step 6's too
        toOlderFormat(local, checkpoint, String.join("", expected.subList(0, 2)));
        writeWhole(
                local, new Path(tmp.resolve("run/metrics.jsonl").toString()), String.join("", expected.subList(0, 3)));

        List<String> resumed = straight(conf, s);
        assertEquals(TextRunTest.withoutTime(expected), TextRunTest.withoutTime(resumed));
        for (String c : names("run/checkpoints")) {
            assertFalse(
                    names("run/checkpoints/" + c).contains("metrics.jsonl"), "the resumed run goes on in the new form");
        }
    }

    /** Rewrites a checkpoint as versions before the metrics log wrote it: its lines in it, no line count in its state. */
    private static void toOlderFormat(FileSystem fs, Path dir, String metrics) throws IOException {
        ObjectNode state = (ObjectNode) JSON.readTree(read(fs, new Path(dir, "state.json")));
        assertTrue(state.has("metrics_lines"), "a checkpoint of this version counts its metrics lines");
        state.remove(List.of("metrics_lines", "metrics_segments"));
        writeWhole(
                fs,
                new Path(dir, "state.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
        writeWhole(fs, new Path(dir, "metrics.jsonl"), metrics);
        StringBuilder manifest = new StringBuilder();
        for (FileStatus f : fs.listStatus(dir)) {
            String name = f.getPath().getName();
            if (!name.startsWith(".") && !name.equals("_MANIFEST")) {
                byte[] content = read(fs, f.getPath()).getBytes(StandardCharsets.ISO_8859_1);
                manifest.append(sha256(content))
                        .append(' ')
                        .append(content.length)
                        .append(' ')
                        .append(name)
                        .append('\n');
            }
        }
        writeWhole(fs, new Path(dir, "_MANIFEST"), manifest.toString());
    }

    private static String read(FileSystem fs, Path p) throws IOException {
        try (var in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Through the checksummed local file system, as older versions wrote every file. */
    private static void writeWhole(FileSystem fs, Path p, String content) throws IOException {
        try (var out = fs.create(p, true)) {
            out.write(content.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
