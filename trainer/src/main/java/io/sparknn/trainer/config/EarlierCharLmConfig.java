package io.sparknn.trainer.config;

/**
 * The config of the char-lm job of earlier versions, whose keys moved into the one job config:
 * such a config fails on its first old key with where that key went, rather than on "unknown key".
 */
final class EarlierCharLmConfig {
    private EarlierCharLmConfig() {}

    /**
     * The char-lm job of earlier versions had a config of its own; its keys moved into this one.
     * Such a config fails on its first old key with where it went, rather than on "unknown key".
     */
    static void refuse(ConfigNode top) {
        if (top.has("sequence")) {
            throw top.error(
                    "sequence",
                    "is the char-lm config of earlier versions: its keys moved to data "
                            + "(data.window, data.stride, data.mode, data.validation_fraction next to data.format text), "
                            + "the network to network.layers (embedding dim, lstm hidden, dense), "
                            + "training.precision to network.precision and training.max_train_chars to training.max_steps; "
                            + "see conf/kjv-char-lstm.json");
        }
        // a config half moved: each old key says where it went
        if (top.has("network")) {
            ConfigNode n = top.object("network");
            moved(n, "embedding", "network.layers, as a first layer {\"type\": \"embedding\", \"dim\": ...}");
            moved(
                    n,
                    "lstm",
                    "network.layers, as {\"type\": \"lstm\", \"hidden\": ...} per size, then {\"type\": \"dense\"}");
        }
        if (top.has("training")) {
            ConfigNode t = top.object("training");
            moved(t, "precision", "network.precision");
            moved(t, "max_train_chars", "training.max_steps (characters / (batch_size * data.window), rounded up)");
        }
    }

    private static void moved(ConfigNode n, String key, String where) {
        if (n.has(key)) {
            throw n.error(key, "is a key of the char-lm config of earlier versions: it moved to " + where);
        }
    }
}
