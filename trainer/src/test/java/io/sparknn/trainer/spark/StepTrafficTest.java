package io.sparknn.trainer.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknn.trainer.JobConfigs;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.config.JobConfig;
import io.sparknn.trainer.run.Compute;
import io.sparknn.trainer.run.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole jobs on {@code local[4]} with 4 partitions, shuffle compression off and every class
 * registered: each step line of metrics.jsonl holds what the step moved, as Spark's listener
 * reports it, attributed to its step. Depth 1 brings the driver 4 gradients and shuffles nothing;
 * reduce-scatter shuffles the 4 gradients and brings the driver about one, and trains the same
 * model bytes.
 */
class StepTrafficTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 64·256 + 256 + 256·10 + 10 parameters in float32. */
    static final long PARAM_BYTES = 4L * (64 * 256 + 256 + 256 * 10 + 10);

    static final Map<String, String> SETTINGS = Map.of(
            "spark.master", "local[4]",
            "spark.shuffle.compress", "false",
            "spark.kryo.registrationRequired", "true");

    @AfterAll
    static void backToTheSharedContext() {
        SparkTestContext.restart();
    }

    static List<JsonNode> stepLines(Path out, String aggregation) throws Exception {
        JobConfig cfg = JobConfigs.digits(
                out,
                "{\"type\": \"dense\", \"units\": 256}, {\"type\": \"relu\"}, {\"type\": \"dense\", \"units\": 10}",
                "{\"type\": \"adam\", \"lr\": 0.01}",
                "{\"batch_size\": 200, \"epochs\": 1, \"seed\": 2, \"partitions\": 4, \"log_every\": 1,"
                        + " \"aggregation\": \"" + aggregation + "\"}",
                "");
        new TrainingRun(Compute.spark(SparkTestContext.get(SETTINGS)), cfg, false).run();
        List<JsonNode> steps = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            if (n.path("type").asText().equals("step")) {
                steps.add(n);
            }
        }
        assertEquals(
                8, steps.size(), "1,438 training examples in batches of 200 (the last one short), every step logged");
        for (JsonNode n : steps) {
            for (String key : List.of(
                    "spark_tasks",
                    "spark_driver_in_bytes",
                    "spark_broadcast_bytes",
                    "spark_shuffle_write_bytes",
                    "spark_shuffle_read_bytes",
                    "spark_scheduler_delay_ms",
                    "spark_deserialize_ms",
                    "spark_executor_run_ms",
                    "spark_listener_events",
                    "spark_listener_ms")) {
                assertTrue(n.has(key) && n.get(key).isNumber(), aggregation + ": " + key + " in " + n);
            }
            assertEquals(0, n.get("spark_broadcast_bytes").asLong(), "local mode: the executors are the driver");
        }
        return steps;
    }

    @Test
    void eachStepLineSaysWhatTheStepMovedAndReduceScatterBringsTheDriverOneGradient(@TempDir Path tmp)
            throws Exception {
        List<JsonNode> depthOne = stepLines(tmp.resolve("depth1"), "depth_1");
        List<JsonNode> scattered = stepLines(tmp.resolve("rs"), "reduce_scatter");
        for (JsonNode n : depthOne) {
            assertEquals(4, n.get("spark_tasks").asLong(), "one task per partition: " + n);
            assertEquals(0, n.get("spark_shuffle_write_bytes").asLong(), n.toString());
            long in = n.get("spark_driver_in_bytes").asLong();
            assertTrue(in >= 4 * PARAM_BYTES && in < 5 * PARAM_BYTES, "4 gradients into the driver: " + n);
        }
        for (JsonNode n : scattered) {
            assertEquals(8, n.get("spark_tasks").asLong(), "4 map tasks and 4 reducers: " + n);
            long written = n.get("spark_shuffle_write_bytes").asLong();
            assertTrue(written >= 4 * PARAM_BYTES && written < 5 * PARAM_BYTES, "4 gradients shuffled: " + n);
            assertEquals(written, n.get("spark_shuffle_read_bytes").asLong(), "every byte written is read: " + n);
            long in = n.get("spark_driver_in_bytes").asLong();
            assertTrue(in >= PARAM_BYTES && in < 1.5 * PARAM_BYTES, "about one gradient into the driver: " + n);
            assertTrue(n.get("spark_listener_events").asLong() >= 8 + 2, "8 task ends, a job start and end: " + n);
        }
        assertArrayEquals(
                Files.readAllBytes(tmp.resolve("depth1/model.bin")),
                Files.readAllBytes(tmp.resolve("rs/model.bin")),
                "the same model bytes");
    }
}
