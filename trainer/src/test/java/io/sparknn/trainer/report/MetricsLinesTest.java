package io.sparknn.trainer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsLinesTest {
    private static MetricsLines parse(String text) {
        return MetricsLines.parse("run/metrics.jsonl", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyKindOfLineBecomesItsRecord() {
        MetricsLines m = parse("""
                {"type":"step","step":22,"epoch":1,"loss":0.78,"lr":0.003,"examples":30,"grad_norm":1.75,"samples_per_s":1381.5,"compute_ms":0.43,"aggregate_ms":17.6,"optimizer_ms":0.14,"broadcast_ms":3.5,"step_ms":21.7,"train_seconds":2.5,"train_accuracy":0.625,"spark_tasks":2,"spark_driver_in_bytes":940544,"spark_broadcast_bytes":0,"spark_shuffle_write_bytes":12,"spark_shuffle_read_bytes":7}
                {"type":"epoch","epoch":1,"step":23,"examples":359,"loss":0.64,"accuracy":0.87}
                {"type":"evaluation","epoch":2,"step":30,"examples":359,"loss":12.5,"mse":12.5,"mae":3.0,"r2":0.25}
                {"epoch":1,"steps":8,"train_chars":768,"train_bpc":4.1,"validation_bpc":3.9,"validation_chars":388,"train_seconds":0.75}
                {"type":"checkpoint-of-a-later-version","step":3}
                """);
        assertEquals(
                List.of(new StepLine(
                        22,
                        1,
                        0.78,
                        0.003,
                        1.75,
                        1381.5,
                        0.43,
                        17.6,
                        0.14,
                        3.5,
                        21.7,
                        2.5,
                        0.625,
                        new StepLine.Traffic(940544, 0, 12, 7))),
                m.steps());
        double nan = Double.NaN;
        assertEquals(
                List.of(
                        new ScoreLine(ScoreLine.Kind.EPOCH, 23, 1, 0.64, 0.87, nan, nan, nan, nan, nan, nan),
                        new ScoreLine(ScoreLine.Kind.EVALUATION, 30, 2, 12.5, nan, 12.5, 3.0, 0.25, nan, nan, nan),
                        new ScoreLine(ScoreLine.Kind.TEXT, 8, 1, nan, nan, nan, nan, nan, 4.1, 3.9, 0.75)),
                m.scores());
    }

    @Test
    void nanAndInfinityAsJacksonWritesThemAndNullAreNotNumbersButNoError() {
        MetricsLines m = parse("""
                {"type":"step","step":0,"loss":"NaN","lr":"Infinity","grad_norm":"-Infinity","samples_per_s":null}
                {"type":"step","step":1,"loss":NaN}
                {"steps":4,"train_bpc":null,"validation_bpc":2.0}
                """);
        StepLine s = m.steps().get(0);
        assertTrue(Double.isNaN(s.loss()) && Double.isNaN(s.samplesPerSecond()) && Double.isNaN(s.trainSeconds()));
        assertTrue(Double.isNaN(s.trainAccuracy()), "a regression's step line has no train_accuracy");
        assertEquals(Double.POSITIVE_INFINITY, s.lr());
        assertEquals(Double.NEGATIVE_INFINITY, s.gradNorm());
        assertTrue(Double.isNaN(m.steps().get(1).loss()));
        assertTrue(Double.isNaN(m.scores().get(0).trainBpc()));
    }

    @Test
    void anIncompleteLastLineIsOneStillBeingWritten() {
        MetricsLines m = parse("{\"type\":\"step\",\"step\":0,\"loss\":1.0}\n\n{\"type\":\"step\",\"step\":1,\"lo");
        assertEquals(1, m.steps().size());
    }

    @Test
    void aMalformedLineNamesTheFileAndItsLine() {
        String ok = "{\"type\":\"step\",\"step\":0,\"loss\":1.0}\n";
        assertEquals(
                "run/metrics.jsonl line 3: 'loss' is not a number: \"abc\"",
                assertThrows(
                                ReportException.class,
                                () -> parse(ok + "\n{\"type\":\"step\",\"step\":1,\"loss\":\"abc\"}\n"))
                        .getMessage());
        assertEquals(
                "run/metrics.jsonl line 2: not a JSON object",
                assertThrows(ReportException.class, () -> parse(ok + "[1, 2]\n"))
                        .getMessage());
        assertEquals(
                "run/metrics.jsonl line 2: no 'step'",
                assertThrows(ReportException.class, () -> parse(ok + "{\"type\":\"epoch\",\"loss\":1}\n"))
                        .getMessage());
        assertEquals(
                "run/metrics.jsonl line 1: 'step' is not a count (an integer from 0)",
                assertThrows(ReportException.class, () -> parse("{\"type\":\"step\",\"step\":-1}\n"))
                        .getMessage());
        assertEquals(
                "run/metrics.jsonl line 1: more than one JSON value on the line",
                assertThrows(ReportException.class, () -> parse("{\"step\":1} {\"step\":2}\n"))
                        .getMessage());
        String broken = assertThrows(ReportException.class, () -> parse(ok + ok + "{\"type\":\"step\",\"step\":2,\n"))
                .getMessage();
        assertTrue(broken.startsWith("run/metrics.jsonl line 3: "), broken);
        assertTrue(!broken.contains("\n"), "one line: " + broken);
        String cut = assertThrows(ReportException.class, () -> parse(ok + "{\"type\":\"step\",\"step\":1,\n" + ok))
                .getMessage();
        assertTrue(cut.startsWith("run/metrics.jsonl line 2: "), "a line cut short, then a whole one: " + cut);
        String garbage = assertThrows(ReportException.class, () -> parse(ok + ok + "xyz\n"))
                .getMessage();
        assertTrue(garbage.startsWith("run/metrics.jsonl line 3: "), garbage);
    }
}
