package io.sparknn.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknn.engine.layer.LayerSpec;
import io.sparknn.engine.layer.LayerSpecs;
import io.sparknn.engine.optim.LrSchedule;
import io.sparknn.engine.optim.OptimizerSpec;
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
 * optimizer fields and schedule shapes, it is the text the builds before typed fields wrote (the
 * {@code .resolved.json} goldens were written by them), and it reads back to itself.
 */
class SpecJsonTest {

    private static String resource(String name) throws Exception {
        try (InputStream in = SpecJsonTest.class.getResourceAsStream("/spec-json/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv-every-kind", "recurrent-every-kind", "defaults"})
    void theResolvedConfigIsTheOneWrittenBeforeTypedFields(String name) throws Exception {
        JobConfig c = ConfigReader.parse(name + ".json", resource(name + ".json"));
        assertEquals(resource(name + ".resolved.json"), c.resolved());
        assertEquals(c.resolved(), ConfigReader.parse("resolved", c.resolved()).resolved());
    }

    @Test
    void theGoldensUseEveryLayerKind() throws Exception {
        Set<String> kinds = new TreeSet<>();
        for (String name : List.of("conv-every-kind", "recurrent-every-kind", "defaults")) {
            ConfigReader.parse(name, resource(name + ".json")).network().layers().forEach(l -> kinds.add(l.kind()));
        }
        assertEquals(new TreeSet<>(LayerSpecs.KINDS), kinds);
    }
}
