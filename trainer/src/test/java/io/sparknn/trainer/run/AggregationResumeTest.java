package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknn.trainer.config.ConfigReader;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * A run directory written before training.aggregation existed (its resolved config says
 * aggregation_depth 1 and nothing else) resumes under a config that sets neither key (auto) or
 * reduce_scatter without a difference: they add in the same order. Depth 2 adds in another order and
 * still counts as a change.
 */
class AggregationResumeTest {
    static final String CONFIG = """
            {"data": {"format": "builtin", "train": "digits"},
             "network": {"input": [64], "layers": [{"type": "dense", "units": 10}]},
             "training": %s,
             "output": {"dir": "out"}}""";
    static final Path DIR = new Path("/runs/x");

    /** The resolved config as versions before training.aggregation wrote it. */
    static String earlier(int depth) {
        String now = ConfigReader.parse("c.json", CONFIG.formatted("{\"aggregation_depth\": " + depth + "}"))
                .resolved();
        return now.replaceAll("\\s*\"aggregation\" : \"[a-z_0-9]+\",", "");
    }

    static List<String> changed(String checkpoint, String training) {
        String now = ConfigReader.parse("c.json", CONFIG.formatted(training)).resolved();
        return ResumeCheck.changedKeys(ResumeCheck.normalized(checkpoint, DIR), now);
    }

    @Test
    void aRunWrittenBeforeAggregationExistedResumesUnderAutoOrReduceScatter() {
        String depth1 = earlier(1);
        assertEquals(-1, depth1.indexOf("\"aggregation\""), depth1);
        assertEquals(List.of(), changed(depth1, "{}"));
        assertEquals(List.of(), changed(depth1, "{\"aggregation\": \"reduce_scatter\"}"));
        assertEquals(List.of(), changed(depth1, "{\"aggregation_depth\": 1}"));
        assertEquals(List.of(), changed(earlier(2), "{\"aggregation_depth\": 2}"));
        assertEquals(List.of(), changed(earlier(2), "{\"aggregation\": \"depth_2\"}"));
        assertEquals(List.of("training.aggregation_depth"), changed(earlier(2), "{}"));
        assertEquals(List.of("training.aggregation_depth"), changed(depth1, "{\"aggregation\": \"depth_2\"}"));
    }
}
