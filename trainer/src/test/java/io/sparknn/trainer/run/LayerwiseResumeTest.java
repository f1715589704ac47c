package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.trainer.JobConfigs;
import io.sparknn.trainer.SimulatedCrash;
import io.sparknn.trainer.SparkTestContext;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LARS and LAMB on Spark: a run crashed mid-epoch and resumed from its checkpoint ends with the
 * weights and optimizer state of the uninterrupted run bit for bit. The MLP's dense layers give
 * four tensors (two weights, two biases), so a resume that lost the per-tensor layout (one norm
 * over the whole vector) would differ.
 */
class LayerwiseResumeTest {
    @TempDir
    Path tmp;

    private static final String TRAINING =
            "{\"batch_size\": 100, \"epochs\": 2, \"seed\": 5, \"partitions\": 2, \"log_every\": 1}";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\": \"lamb\", \"lr\": 0.02, \"weight_decay\": 0.05}",
                "{\"type\": \"lamb\", \"lr\": 0.02, \"exclude\": \"none\"}",
                "{\"type\": \"lars\", \"lr\": 2, \"trust_coefficient\": 0.01, \"weight_decay\": 0.001}"
            })
    void aResumedRunEqualsTheUninterruptedOneBitForBit(String optimizer) throws Exception {
        Path whole = tmp.resolve("whole");
        new TrainingRun(
                        Compute.spark(SparkTestContext.get()),
                        JobConfigs.digits(whole, JobConfigs.MLP, optimizer, TRAINING, ""),
                        false)
                .run();
        Path parts = tmp.resolve("parts");
        assertThrows(
                SimulatedCrash.class,
                () -> new TrainingRun(
                                Compute.spark(SparkTestContext.get()),
                                JobConfigs.digits(
                                        parts, JobConfigs.MLP, optimizer, TRAINING, ", \"checkpoint_every\": 4"),
                                false)
                        .observedBy(SimulatedCrash.afterStep(10))
                        .run());
        new TrainingRun(
                        Compute.spark(SparkTestContext.get()),
                        JobConfigs.digits(
                                parts,
                                JobConfigs.MLP,
                                optimizer,
                                TRAINING,
                                ", \"checkpoint_every\": 4, \"mode\": \"resume\""),
                        false)
                .run();
        Model a = ModelFile.load(whole.resolve("model.bin"));
        Model b = ModelFile.load(parts.resolve("model.bin"));
        assertArrayEquals(a.parameters(), b.parameters(), 0.0);
        assertEquals(a.optimizer(), b.optimizer());
        assertEquals(a.optimizerState(), b.optimizerState());
        assertEquals(
                optimizer.contains("lamb") ? "lamb" : "lars",
                a.optimizer().kind().text());
    }
}
