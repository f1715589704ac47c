package io.sparknn.trainer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {
    @TempDir
    Path tmp;

    private RunData read(Path dir) throws Exception {
        return RunFiles.read(
                FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(dir.toString()), "r");
    }

    @Test
    void aRunThatHasOnlyStartedHasItsConfigAndInfoAndNoMetrics() throws Exception {
        Files.writeString(tmp.resolve("config.resolved.json"), "{\"a\": 1}");
        Files.writeString(tmp.resolve("run-info.json"), "{\"spark_version\": \"4.2.0\", \"partitions\": 2}");
        RunData r = read(tmp);
        assertEquals(RunData.Status.UNFINISHED, r.status());
        assertEquals(List.of(), r.metrics().steps());
        assertEquals(
                List.of(new RunData.Fact("spark_version", "4.2.0"), new RunData.Fact("partitions", "2")), r.info());
        assertNull(r.model(), "a config this version cannot read: the report still shows it");
        assertEquals("{\"a\": 1}", r.config());
    }

    @Test
    void theSegmentsOfARunOnAnObjectStoreAreReadInOrder() throws Exception {
        Files.createDirectories(tmp.resolve("metrics"));
        Files.writeString(tmp.resolve("metrics/part-00001.jsonl"), "{\"type\":\"step\",\"step\":2}\n");
        Files.writeString(tmp.resolve("metrics/part-00000.jsonl"), "{\"type\":\"step\",\"step\":0}\n");
        Files.writeString(tmp.resolve("_SUCCESS"), "");
        RunData r = read(tmp);
        assertEquals(
                List.of(0L, 2L),
                r.metrics().steps().stream().map(StepLine::step).toList());
        assertEquals(RunData.Status.FINISHED, r.status());
    }

    @Test
    void badDirectoriesAndFilesAreNamedInOneLine() throws Exception {
        Path missing = tmp.resolve("missing");
        assertEquals(
                missing + ": no such run directory",
                assertThrows(ReportException.class, () -> read(missing)).getMessage());
        assertEquals(
                tmp + ": not a sparknn run (no metrics.jsonl, metrics/ or config.resolved.json)",
                assertThrows(ReportException.class, () -> read(tmp)).getMessage());
        Files.writeString(
                tmp.resolve("metrics.jsonl"), "{\"type\":\"step\",\"step\":0}\n{\"type\":\"step\",\"step\":x}\n");
        assertEquals(
                tmp.resolve("metrics.jsonl") + " line 2: ",
                assertThrows(ReportException.class, () -> read(tmp))
                        .getMessage()
                        .replaceAll(": .*", ": "));
        Files.writeString(tmp.resolve("metrics.jsonl"), "");
        Files.writeString(tmp.resolve("evaluation.json"), "{\"confusion_matrix\": [[1, 2], [3]]}");
        assertEquals(
                tmp.resolve("evaluation.json") + ": confusion_matrix row 1 does not have 2 counts",
                assertThrows(ReportException.class, () -> read(tmp)).getMessage());
        Files.writeString(tmp.resolve("run-info.json"), "[1]");
        assertEquals(
                tmp.resolve("run-info.json") + ": not a JSON object",
                assertThrows(ReportException.class, () -> read(tmp)).getMessage());
        Files.delete(tmp.resolve("run-info.json"));
        Files.writeString(tmp.resolve("evaluation.json"), "{\"loss\": ");
        assertEquals(
                tmp.resolve("evaluation.json") + ": not JSON: ",
                assertThrows(ReportException.class, () -> read(tmp))
                        .getMessage()
                        .replaceAll(": not JSON: .*", ": not JSON: "));
    }
}
