package io.sparknn.trainer.report;

import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Shape;
import io.sparknn.engine.SparknnException;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;
import java.util.ArrayList;
import java.util.List;

/** The network as a table: each layer's kind, output shape and parameter count, the total and the loss. */
public record ModelSummary(String input, List<Layer> layers, long parameters, String loss) {
    public ModelSummary {
        layers = List.copyOf(layers);
    }

    /** One layer. */
    public record Layer(String kind, String output, long parameters) {}

    public static ModelSummary of(NetworkSpec spec) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            Shape in = spec.shapeBefore(i);
            layers.add(new Layer(
                    spec.layers().get(i).kind(),
                    spec.shapeBefore(i + 1).toString(),
                    spec.layers().get(i).paramCount(in)));
        }
        return new ModelSummary(
                spec.input().toString(), layers, spec.paramCount(), spec.loss().text());
    }

    /**
     * The network of a run's resolved config; a text's is sized by its vocabulary (from
     * {@code run-info.json}, 0 when unknown). Null when the config cannot be read by this version:
     * the report still shows the config itself.
     */
    static ModelSummary ofConfig(String source, String resolvedConfig, int vocabulary) {
        try {
            JobConfig c = ConfigReader.parse(source, resolvedConfig);
            if (c.network() != null) {
                return of(c.network());
            }
            return vocabulary > 0 ? of(c.withVocabulary(vocabulary).network()) : null;
        } catch (SparknnException | IllegalArgumentException e) {
            return null;
        }
    }
}
