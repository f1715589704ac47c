package io.sparknn.trainer.config;

import static io.sparknn.trainer.config.ConfigReaderTest.message;
import static io.sparknn.trainer.config.ConfigReaderTest.with;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknn.engine.optim.KfacSpec;
import org.junit.jupiter.api.Test;

/** K-FAC's keys in a job config: strict like every optimizer's. */
class KfacConfigTest {
    @Test
    void keysAreReadAndBadOnesNamedByTheirDottedKey() {
        JobConfig c = ConfigReader.parse(
                "c.json",
                with("optimizer", "{\"type\": \"kfac\", \"lr\": 0.1, \"damping\": 0.02, \"inverse_interval\": 5}"));
        assertEquals(new KfacSpec(0.1, 0.02, 0.95, 5), c.optimizer());
        assertEquals(
                "c.json: key 'optimizer.momentum' does not apply to kfac (it takes lr, damping, factor_decay, "
                        + "inverse_interval)",
                message(with("optimizer", "{\"type\": \"kfac\", \"momentum\": 0.9}")));
        assertEquals(
                "c.json: key 'optimizer.factor_decay' must be in [0, 1) as PyTorch requires, got 1.0",
                message(with("optimizer", "{\"type\": \"kfac\", \"factor_decay\": 1}")));
        assertEquals(
                "c.json: key 'optimizer.inverse_interval' must be an integer >= 1, got 0",
                message(with("optimizer", "{\"type\": \"kfac\", \"inverse_interval\": 0}")));
    }

    /** K-FAC samples its Fisher's targets from a softmax: another loss, or carried streams, is refused before a run. */
    @Test
    void aLossWithoutASoftmaxAndStatefulStreamsAreRefused() {
        String mse = """
                {"data": {"format": "csv", "train": "t.csv", "labels": "float"},
                 "network": {"input": [4], "layers": [{"type": "dense", "units": 1}], "loss": "mse"},
                 "optimizer": {"type": "kfac"}, "training": {}, "output": {"dir": "o"}}""";
        assertEquals(
                "c.json: key 'optimizer.type' is kfac, which samples its targets from a softmax: it needs the loss "
                        + "softmax_cross_entropy, got mse",
                message(mse));
        String stateful = """
                {"data": {"format": "text", "train": "t.txt", "mode": "stateful"},
                 "network": {"layers": [{"type": "embedding", "dim": 4}, {"type": "lstm", "hidden": 8}, {"type": "dense"}]},
                 "optimizer": {"type": "kfac"}, "training": {}, "output": {"dir": "o"}}""";
        assertEquals(
                "c.json: key 'optimizer.type' is kfac, which does not support data.mode stateful", message(stateful));
        String sliding = stateful.replace("stateful", "sliding");
        assertEquals(
                KfacSpec.class,
                ConfigReader.parse("c.json", sliding).optimizer().getClass());
    }
}
