package io.sparknn.trainer.run;

import static io.sparknn.trainer.run.AggregationResumeTest.CONFIG;
import static io.sparknn.trainer.run.AggregationResumeTest.changed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparknn.trainer.config.ConfigReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * training.gradient_wire on resume: a run directory written before the key existed resumes as
 * float32 without a difference; switching the wire of a run changes its bits and is a config
 * difference either way.
 */
class GradientWireResumeTest {
    static String resolved(String training) {
        return ConfigReader.parse("c.json", CONFIG.formatted(training)).resolved();
    }

    @Test
    void aRunWrittenBeforeTheKeyResumesAsFloat32AndASwitchIsAChange() {
        String earlier = resolved("{}").replaceAll(",\\s*\"gradient_wire\" : \"float32\"", "");
        assertFalse(earlier.contains("gradient_wire"), earlier);
        assertEquals(List.of(), changed(earlier, "{}"));
        assertEquals(List.of(), changed(earlier, "{\"gradient_wire\": \"float32\"}"));
        assertEquals(List.of("training.gradient_wire"), changed(earlier, "{\"gradient_wire\": \"bfloat16\"}"));
        String bfloat16 = resolved("{\"gradient_wire\": \"bfloat16\"}");
        assertEquals(List.of(), changed(bfloat16, "{\"gradient_wire\": \"bfloat16\"}"));
        assertEquals(List.of("training.gradient_wire"), changed(bfloat16, "{}"));
    }
}
