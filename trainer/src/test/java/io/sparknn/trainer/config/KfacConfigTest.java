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
}
