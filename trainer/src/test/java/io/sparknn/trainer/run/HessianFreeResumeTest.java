package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.optim.OptimizerState;
import io.sparknn.trainer.JobConfigs;
import io.sparknn.trainer.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hessian-free in a whole run on Spark: a run killed a step after its checkpoint and started
 * again with the same config ({@code output.mode} auto) resumes from the checkpoint and ends with
 * the bits of an uninterrupted run. The checkpoint has to carry the damping λ (moved from the
 * config's value by then) and the last CG iterate the next step warm-starts from; with either
 * taken from the config instead the resumed run goes elsewhere.
 */
class HessianFreeResumeTest {
    static final String HF =
            "{\"type\": \"hessian_free\", \"damping\": 0.5, \"max_cg_iter\": 8, \"curvature_fraction\": 0.5}";
    /** 1438 training examples: 3 steps of 480 per epoch, 6 in all; dropout masks in every product. */
    static final String TRAINING =
            "{\"batch_size\": 480, \"epochs\": 2, \"seed\": 5, \"partitions\": 2, \"log_every\": 1}";

    @TempDir
    Path tmp;

    static JobConfig config(Path out) {
        return JobConfigs.digits(out, JobConfigs.MLP, HF, TRAINING, ", \"mode\": \"auto\", \"checkpoint_every\": 2");
    }

    @Test
    void aRunKilledAfterItsCheckpointResumesToTheUninterruptedBits() throws Exception {
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        ResumedRuns.wholeAndCrashed(HessianFreeResumeTest::config, whole, parts, 5);
        // checkpoints after step 3 (the epoch's end) and step 4; step 5 is lost and done again
        OptimizerState atStep4 = ResumedRuns.checkpointed(parts);
        assertEquals(4, atStep4.steps());
        double lambda = atStep4.buffers()[1][0];
        assertNotEquals(0.5, lambda, "λ moved from the config's damping by the checkpoint");
        assertEquals(
                atStep4.buffers()[1].length, atStep4.buffers()[0].length, "the last CG iterate, one per parameter");
        assertTrue(Arrays.stream(atStep4.buffers()[0]).anyMatch(v -> v != 0), "the last CG iterate is not 0");

        ResumedRuns.run(config(parts));

        ResumedRuns.assertSameModelAndSteps(whole, parts);
        Model a = ModelFile.load(whole.resolve("model.bin"));
        Model b = ModelFile.load(parts.resolve("model.bin"));
        assertArrayEquals(a.parameters(), b.parameters(), 0.0);
        assertEquals(a.optimizerState(), b.optimizerState(), "λ and the last CG iterate after 6 steps");
        assertEquals(6, a.optimizerState().steps());
        assertEquals(ResumedRuns.checkpointed(whole), ResumedRuns.checkpointed(parts), "the last checkpoint's state");
        assertTrue(Files.exists(parts.resolve("_SUCCESS")));
    }
}
