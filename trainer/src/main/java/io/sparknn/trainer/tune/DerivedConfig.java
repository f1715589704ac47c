package io.sparknn.trainer.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;

/**
 * A config made from another: its resolved form (every default written, the same schema) edited as
 * JSON and read back by {@link ConfigReader}, so a sweep or trial is checked as any config is and
 * its run directory's {@code config.resolved.json} says exactly what it trained.
 */
final class DerivedConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DerivedConfig() {}

    /** {@code cfg}'s resolved config as an editable tree. */
    static ObjectNode tree(JobConfig cfg) {
        try {
            return (ObjectNode) JSON.readTree(cfg.resolved());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a resolved config is JSON", e);
        }
    }

    /** The config {@code tree} describes, read as a config of {@code from}'s file (named in its errors). */
    static JobConfig read(JobConfig from, ObjectNode tree, String what) {
        try {
            return ConfigReader.parse(from.source() + " (" + what + ")", JSON.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code tree} with its output directory set: a run directory of its own, written under {@code mode}. */
    static void output(ObjectNode tree, String dir, String mode, int checkpointEvery) {
        ObjectNode o = (ObjectNode) tree.get("output");
        o.put("dir", dir);
        o.put("mode", mode);
        o.put("checkpoint_every", checkpointEvery);
    }
}
