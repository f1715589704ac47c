package io.sparknn.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.trainer.NoAppendFileSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MetricsLog}: appended or in segments, cut back to a checkpoint's mark on resume. */
class MetricsLogTest {
    @TempDir
    java.nio.file.Path tmp;

    private static String line(int i) {
        return "{\"step\":" + i + "}\n";
    }

    private static List<String> lines(int... steps) {
        return IntStream.of(steps).mapToObj(MetricsLogTest::line).toList();
    }

    private String read(String name) throws IOException {
        return Files.readString(tmp.resolve("run").resolve(name));
    }

    private List<String> segmentFiles() throws IOException {
        try (Stream<java.nio.file.Path> s = Files.list(tmp.resolve("run/metrics"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void onTheLocalDiskLinesAreAppendedToOneFileAndAResumeKeepsExactlyThoseUpToItsCheckpoint() throws IOException {
        FileSystem local = FileSystem.getLocal(new Configuration());
        Path dir = new Path(tmp.resolve("run").toString());
        local.mkdirs(dir);
        MetricsMark mark;
        try (MetricsLog log = MetricsLog.open(local, dir, null, List.of())) {
            assertEquals(
                    MetricsLog.Form.ONE_FILE,
                    log.form(),
                    "the raw local file system beneath the checksummed one appends");
            log.append(line(0));
            assertEquals(line(0), read(MetricsLog.FILE), "each line is in the file once written");
            log.append(line(1));
            log.append(line(2));
            mark = log.mark();
            log.append(line(3)); // written after the checkpoint by a run that is then killed
        }
        assertEquals(MetricsMark.of(3, 0), mark);
        List<String> kept = MetricsLog.kept(local, dir, mark);
        assertEquals(lines(0, 1, 2), kept);
        try (MetricsLog log = MetricsLog.open(local, dir, mark, kept)) {
            assertEquals(line(2), log.last(), "the newest kept line");
            log.append(line(3));
            log.finish();
        }
        assertEquals(String.join("", lines(0, 1, 2, 3)), read(MetricsLog.FILE), "every line once");
        assertEquals(lines(0, 1, 2, 3), MetricsLog.lines(local, dir), "read back through the checksummed file system");
        assertFalse(Files.exists(tmp.resolve("run/metrics")), "no segments where the file system appends");
    }

    @Test
    void aCheckpointOfAnOlderVersionResumesFromTheLinesItHoldsOverAFileWithAChecksum() throws IOException {
        FileSystem local = FileSystem.getLocal(new Configuration());
        Path dir = new Path(tmp.resolve("run").toString());
        // as an older version left it: metrics.jsonl written whole (with a .crc) up to a step after the checkpoint
        OutputFiles.write(
                local,
                new Path(dir, MetricsLog.FILE),
                String.join("", lines(0, 1, 2)).getBytes(StandardCharsets.UTF_8));
        MetricsMark old = MetricsMark.held(lines(0, 1));
        List<String> kept = MetricsLog.kept(local, dir, old);
        try (MetricsLog log = MetricsLog.open(local, dir, old, kept)) {
            log.append(line(2));
            assertEquals(MetricsMark.of(3, 0), log.mark(), "the resumed run goes on in the new form");
            log.finish();
        }
        assertEquals(lines(0, 1, 2), MetricsLog.lines(local, dir), "no stale checksum makes the file unreadable");
    }

    @Test
    void withoutAppendLinesGoToSegmentsClosedAtEachMarkAndEveryNLinesAndAResumeDropsTheLaterOnes() throws IOException {
        Configuration conf = NoAppendFileSystem.configuration(false);
        Path dir = new Path(NoAppendFileSystem.uri(tmp.resolve("run")));
        FileSystem fs = dir.getFileSystem(conf);
        fs.mkdirs(dir);
        MetricsMark mark;
        try (MetricsLog log = MetricsLog.open(fs, dir, null, List.of(), 2)) {
            assertEquals(MetricsLog.Form.SEGMENTS, log.form());
            log.append(line(0));
            log.append(line(1)); // the segment is full: closed
            log.append(line(2));
            mark = log.mark(); // closes the segment of line 2
            log.append(line(3));
            log.append(line(4));
            log.append(line(5)); // after the checkpoint, then killed
        }
        assertEquals(MetricsMark.of(3, 2), mark);
        assertEquals(
                List.of("part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl", "part-00003.jsonl"),
                segmentFiles());
        assertEquals(String.join("", lines(0, 1)), read("metrics/part-00000.jsonl"));
        assertEquals(line(2), read("metrics/part-00001.jsonl"));
        assertFalse(Files.exists(tmp.resolve("run/metrics.jsonl")), "written from the segments when the run ends");

        List<String> kept = MetricsLog.kept(fs, dir, mark);
        assertEquals(lines(0, 1, 2), kept);
        try (MetricsLog log = MetricsLog.open(fs, dir, mark, kept, 2)) {
            assertEquals(line(2), log.last());
            log.append(line(3));
            log.finish();
        }
        assertEquals(List.of("part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"), segmentFiles());
        assertEquals(line(3), read("metrics/part-00002.jsonl"));
        assertEquals(String.join("", lines(0, 1, 2, 3)), read(MetricsLog.FILE), "every line once, in order");
    }

    @Test
    void aFileSystemThatClaimsAppendButRefusesItGetsSegments() throws IOException {
        Path dir = new Path(NoAppendFileSystem.uri(tmp.resolve("run")));
        FileSystem fs = dir.getFileSystem(NoAppendFileSystem.configuration(true));
        fs.mkdirs(dir);
        try (MetricsLog log = MetricsLog.open(fs, dir, null, List.of())) {
            assertEquals(MetricsLog.Form.SEGMENTS, log.form());
            log.append(line(0));
            assertEquals(MetricsMark.of(1, 1), log.mark());
            log.finish();
        }
        assertEquals(line(0), read(MetricsLog.FILE));
    }

    @Test
    void aRunMovedFromAnObjectStoreToADiskThatAppendsContinuesInOneFile() throws IOException {
        java.nio.file.Path run = tmp.resolve("run");
        Path noAppend = new Path(NoAppendFileSystem.uri(run));
        FileSystem fs = noAppend.getFileSystem(NoAppendFileSystem.configuration(false));
        fs.mkdirs(noAppend);
        MetricsMark mark;
        try (MetricsLog log = MetricsLog.open(fs, noAppend, null, List.of(), 2)) {
            log.append(line(0));
            log.append(line(1));
            log.append(line(2));
            mark = log.mark();
        }
        FileSystem local = FileSystem.getLocal(new Configuration());
        Path dir = new Path(run.toString());
        try (MetricsLog log = MetricsLog.open(local, dir, mark, MetricsLog.kept(local, dir, mark))) {
            assertEquals(MetricsLog.Form.ONE_FILE, log.form());
            log.append(line(3));
            log.finish();
        }
        assertEquals(String.join("", lines(0, 1, 2, 3)), read(MetricsLog.FILE));
        assertFalse(Files.exists(run.resolve("metrics")), "the segments are in the file now");
    }

    @Test
    void aLogThatLostLinesUpToTheCheckpointIsRefusedNamingTheFile() throws IOException {
        FileSystem local = FileSystem.getLocal(new Configuration());
        Path dir = new Path(tmp.resolve("run").toString());
        OutputFiles.write(
                local, new Path(dir, MetricsLog.FILE), (line(0) + "{\"step\":1").getBytes(StandardCharsets.UTF_8));
        OutputDirectoryException e =
                assertThrows(OutputDirectoryException.class, () -> MetricsLog.kept(local, dir, MetricsMark.of(2, 0)));
        assertEquals(
                "refusing to resume " + tmp.resolve("run") + ": " + tmp.resolve("run/metrics.jsonl")
                        + " holds 1 complete metrics lines, fewer than the 2 its checkpoint counts; restore them, or set "
                        + "output.mode to overwrite to start again",
                e.getMessage());
        assertTrue(Files.exists(tmp.resolve("run/metrics.jsonl")), "nothing is changed");
    }
}
