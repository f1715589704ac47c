package io.sparknn.trainer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Shape;
import io.sparknn.engine.layer.DenseSpec;
import io.sparknn.engine.layer.EmbeddingSpec;
import io.sparknn.engine.layer.LayerSpec;
import io.sparknn.engine.loss.LossKind;
import java.util.Map;

/**
 * The {@code network} of a text config, whose sizes depend on the text: its input is
 * {@code data.window} token ids (so {@code network.input} is not written), and a first
 * {@code embedding} layer without {@code vocab} and a last {@code dense} layer without
 * {@code units} take the number of distinct characters, known once the text is read. The loss is
 * softmax cross-entropy at every position: the output must be (window, vocabulary).
 *
 * <p>The layers are checked when the config is read (with a stand-in vocabulary), so a bad key
 * fails before any data is read; {@link #forVocabulary} builds the network the run trains.
 */
public final class TextNetwork {
    private static final int STAND_IN_VOCABULARY = 2;
    private final String file;
    private final ObjectNode json;
    private final Map<String, String> numbersAsWritten;
    private final int window;
    private final boolean fillsVocab;
    private final boolean fillsUnits;

    private TextNetwork(String file, ObjectNode json, Map<String, String> numbersAsWritten, int window) {
        this.file = file;
        this.json = json;
        this.numbersAsWritten = numbersAsWritten;
        this.window = window;
        JsonNode layers = json.path("layers");
        this.fillsVocab = layers.isArray()
                && !layers.isEmpty()
                && isLayer(layers.get(0), EmbeddingSpec.KIND)
                && !layers.get(0).has("vocab");
        JsonNode last = layers.isArray() && !layers.isEmpty() ? layers.get(layers.size() - 1) : null;
        this.fillsUnits = last != null && isLayer(last, DenseSpec.KIND) && !last.has("units");
    }

    private static boolean isLayer(JsonNode layer, String kind) {
        return layer.isObject() && kind.equals(layer.path("type").asText(null));
    }

    /**
     * Reads the network object {@code n} of a text config (its {@code precision} already read) and
     * checks it with a stand-in vocabulary.
     */
    static TextNetwork read(ConfigNode n, int window) {
        if (n.has("input")) {
            throw n.error(
                    "input",
                    "is not written for data.format text: the input is data.window (" + window + ") character ids");
        }
        String loss = n.string("loss", LossKind.SOFTMAX_CROSS_ENTROPY.text());
        if (!loss.equals(LossKind.SOFTMAX_CROSS_ENTROPY.text())) {
            throw n.error(
                    "loss",
                    "must be " + LossKind.SOFTMAX_CROSS_ENTROPY.text()
                            + " for data.format text (the next character at every position), got '" + loss + "'");
        }
        ObjectNode copy = ((ObjectNode) n.takeAll()).deepCopy();
        copy.remove("precision");
        copy.putArray("input").add(window);
        TextNetwork t = new TextNetwork(n.file(), copy, n.numbersAsWritten(), window);
        Shape out = t.build(STAND_IN_VOCABULARY).output();
        // the vocabulary is known only once the text is read; the rest of the output's shape now
        if (out.rank() != 2 || out.dim(0) != window) {
            throw new ConfigException(n.file() + ": network: the output is " + out + ", but a text needs one score per "
                    + "character of the vocabulary at each of data.window's " + window + " positions (" + window
                    + "xV): recurrent layers keep their sequences, and a dense layer without units ends the network");
        }
        return t;
    }

    private NetworkSpec build(int vocabulary) {
        ObjectNode c = json.deepCopy();
        ArrayNode layers = (ArrayNode) c.get("layers");
        if (fillsVocab) {
            ((ObjectNode) layers.get(0)).put("vocab", vocabulary);
        }
        if (fillsUnits) {
            ((ObjectNode) layers.get(layers.size() - 1)).put("units", vocabulary);
        }
        return ConfigReader.network(ConfigNode.of(file, "network", c, numbersAsWritten));
    }

    /**
     * The network for a text of {@code vocabulary} distinct characters.
     *
     * @throws ConfigException naming the layer whose written size does not fit it, or the output's shape
     */
    public NetworkSpec forVocabulary(int vocabulary) {
        NetworkSpec spec = build(vocabulary);
        LayerSpec first = spec.layers().get(0);
        if (first instanceof EmbeddingSpec e && e.vocab() != vocabulary) {
            throw new ConfigException(file + ": key 'network.layers[0].vocab' is " + e.vocab() + ", but the text has "
                    + vocabulary + " distinct characters: leave the key out to take the text's");
        }
        Shape want = Shape.of(window, vocabulary);
        if (!spec.output().equals(want)) {
            throw new ConfigException(
                    file + ": network: the output is " + spec.output() + ", but the next character at "
                            + "each of data.window's positions over a vocabulary of " + vocabulary + " needs " + want
                            + ": end with a dense layer without units (it takes the vocabulary's size)");
        }
        return spec;
    }

    /** The network with a stand-in vocabulary: what the resolved config writes, less the sizes the text gives. */
    NetworkSpec standIn() {
        return build(STAND_IN_VOCABULARY);
    }

    /** Removes from a resolved {@code network} object the input and the sizes the text gives. */
    void dropFilledSizes(ObjectNode network) {
        network.remove("input");
        JsonNode layers = network.get("layers");
        if (fillsVocab) {
            ((ObjectNode) layers.get(0)).remove("vocab");
        }
        if (fillsUnits) {
            ((ObjectNode) layers.get(layers.size() - 1)).remove("units");
        }
    }
}
