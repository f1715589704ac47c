package io.sparknn.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknn.engine.layer.LayerSpecs;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The resolved config is written from the specs' typed fields: for configs using every layer kind,
 * optimizer fields and schedule shapes, it is the {@code .resolved.json} golden and reads back to
 * itself. The resolved configs of earlier versions ({@code .resolved-earlier.json}, written before
 * each format and optimizer held only its own keys) read as the same config: what lets their
 * checkpoints resume, their models be evaluated, with no changed key.
 */
class SpecJsonTest {

    private static String resource(String name) throws Exception {
        try (InputStream in = SpecJsonTest.class.getResourceAsStream("/spec-json/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv-every-kind", "recurrent-every-kind", "defaults"})
    void theResolvedConfigIsTheGoldenAndReadsBackToItself(String name) throws Exception {
        JobConfig c = ConfigReader.parse(name + ".json", resource(name + ".json"));
        assertEquals(resource(name + ".resolved.json"), c.resolved());
        assertEquals(c.resolved(), ConfigReader.parse("resolved", c.resolved()).resolved());
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv-every-kind", "recurrent-every-kind", "defaults"})
    void theResolvedConfigOfEarlierVersionsReadsAsTheSameConfig(String name) throws Exception {
        String earlier = resource(name + ".resolved-earlier.json");
        // every data key of every format, every optimizer's keys: what checkpoints of earlier versions hold
        org.junit.jupiter.api.Assertions.assertTrue(earlier.contains("\"delimiter\"") && earlier.contains("\"beta1\""));
        // one difference: their aggregation_depth 1 reads as depth_1 (what they ran), not auto, so a
        // resumed run keeps adding in partition order on the driver (ResumeCheck ignores the key)
        assertEquals(
                resource(name + ".resolved.json")
                        .replace("\"aggregation\" : \"auto\"", "\"aggregation\" : \"depth_1\""),
                ConfigReader.parse("earlier", earlier).resolved());
    }

    @Test
    void theGoldensUseEveryLayerKind() throws Exception {
        Set<String> kinds = new TreeSet<>();
        for (String name : List.of("conv-every-kind", "recurrent-every-kind", "defaults")) {
            ConfigReader.parse(name, resource(name + ".json"))
                    .network()
                    .layers()
                    .forEach(l -> kinds.add(l.kind()));
        }
        assertEquals(new TreeSet<>(LayerSpecs.KINDS), kinds);
    }
}
