package io.sparknn.trainer;

import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;
import java.nio.file.Path;

/** Small job configs on the built-in digits for trainer tests. */
public final class JobConfigs {
    private JobConfigs() {}

    /** A digits config with the given network layers, optimizer and training objects spliced in. */
    public static JobConfig digits(Path out, String layers, String optimizer, String training, String outputExtra) {
        String json = """
                {
                  "data": {"format": "builtin", "train": "digits", "validation_fraction": 0.2, "scaling": "divide", "divisor": 16},
                  "network": {"input": [64], "layers": [%s], "loss": "softmax_cross_entropy"},
                  "optimizer": %s,
                  "training": %s,
                  "output": {"dir": "%s"%s}
                }
                """.formatted(layers, optimizer, training, out.toString().replace("\\\\", "/"), outputExtra);
        return ConfigReader.parse(out + ".json", json);
    }

    public static final String MLP = """
            {"type": "dense", "units": 16}, {"type": "relu"}, {"type": "dropout", "p": 0.2}, {"type": "dense", "units": 10}""";
}
