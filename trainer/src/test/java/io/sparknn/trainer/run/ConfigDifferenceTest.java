package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A resume compares what a run computes, not where it lives or how often it checkpoints. */
class ConfigDifferenceTest {
    @Test
    void namesChangedKeysAndIgnoresTheOutputPlace() {
        String before = "{\"training\": {\"epochs\": 3, \"seed\": 1}, \"output\": {\"dir\": \"a\", \"mode\": \"new\", "
                + "\"checkpoint_every\": 5, \"keep_checkpoints\": 2}}";
        String moved = "{\"training\": {\"epochs\": 3, \"seed\": 1}, \"output\": {\"dir\": \"b\", \"mode\": \"auto\", "
                + "\"checkpoint_every\": 9, \"keep_checkpoints\": 1}}";
        assertEquals(List.of(), ConfigDifference.changedKeys(before, moved));
        String changed = moved.replace("\"epochs\": 3", "\"epochs\": 4").replace("\"seed\": 1", "\"seed\": 2");
        assertEquals(List.of("training.epochs", "training.seed"), ConfigDifference.changedKeys(before, changed));
    }

    @Test
    void aCheckpointWhoseResolvedConfigHeldSpecValuesAsStringsIsNotAChange() {
        // resolved configs written before layer and optimizer values kept their JSON types
        String old = "{\"network\": {\"layers\": [{\"type\": \"conv2d\", \"filters\": \"20\", \"kernel\": \"5x5\"}]},"
                + " \"optimizer\": {\"type\": \"sgd\", \"lr\": \"0.02\", \"nesterov\": \"false\"}}";
        String now = "{\"network\": {\"layers\": [{\"type\": \"conv2d\", \"filters\": 20, \"kernel\": [5, 5]}]},"
                + " \"optimizer\": {\"type\": \"sgd\", \"lr\": 0.02, \"nesterov\": false}}";
        assertEquals(List.of(), ConfigDifference.changedKeys(old, now));
        assertEquals(
                List.of("network.layers", "optimizer.lr"),
                ConfigDifference.changedKeys(
                        old, now.replace("[5, 5]", "[5, 3]").replace("0.02", "0.03")));
    }
}
