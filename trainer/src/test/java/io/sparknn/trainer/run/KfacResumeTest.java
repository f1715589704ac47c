package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.optim.OptimizerState;
import io.sparknn.trainer.JobConfigs;
import io.sparknn.trainer.config.JobConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * K-FAC in a whole run on Spark: a run killed a step after its checkpoint and started again with
 * the same config ({@code output.mode} auto) ends with the bits of an uninterrupted run. The
 * checkpoint after step 4 has to carry the averaged factors and the inverses made at step 1, which
 * step 5 uses (the next are made at step 6, inverse_interval 5); with the inverses rebuilt from
 * the factors instead the resumed run goes elsewhere.
 */
class KfacResumeTest {
    static final String KFAC =
            "{\"type\": \"kfac\", \"lr\": 0.05, \"damping\": 0.01, \"factor_decay\": 0.9, \"inverse_interval\": 5}";
    /** 1438 training examples: 3 steps of 480 per epoch, 6 in all. */
    static final String TRAINING =
            "{\"batch_size\": 480, \"epochs\": 2, \"seed\": 5, \"partitions\": 2, \"log_every\": 1}";

    @TempDir
    Path tmp;

    static JobConfig config(Path out) {
        return JobConfigs.digits(out, JobConfigs.MLP, KFAC, TRAINING, ", \"mode\": \"auto\", \"checkpoint_every\": 2");
    }

    @Test
    void aRunKilledAfterItsCheckpointResumesToTheUninterruptedBits() throws Exception {
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        ResumedRuns.wholeAndCrashed(KfacResumeTest::config, whole, parts, 5);
        OptimizerState atStep4 = ResumedRuns.checkpointed(parts);
        assertEquals(4, atStep4.steps());
        assertTrue(atStep4.buffers().length > 0, "the factors and inverses are in the checkpoint");

        ResumedRuns.run(config(parts));

        ResumedRuns.assertSameModelAndSteps(whole, parts);
        Model a = ModelFile.load(whole.resolve("model.bin"));
        Model b = ModelFile.load(parts.resolve("model.bin"));
        assertEquals(a.optimizerState(), b.optimizerState(), "the factors and inverses after 6 steps");
        assertEquals(6, a.optimizerState().steps());
    }
}
