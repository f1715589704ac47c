package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.io.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train job with {@code optimizer.type lbfgs}: a full-batch run finishes (exit 0) with its keys
 * in the model file; dropout is a config error (exit 3) naming the dotted key; a fixed step so long
 * that the parameters leave the double range is a divergence (exit 5).
 */
class LbfgsJobTest {
    @TempDir
    Path tmp;

    @Test
    void aFullBatchRunFinishesWithItsKeysInTheModelFile() throws Exception {
        Path out = tmp.resolve("ok");
        Path cfg = new BadInput.Config()
                .optimizer("'type': 'lbfgs', 'max_iter': 5, 'line_search_fn': 'strong_wolfe'")
                // 1438 training examples: every step is the whole training set
                .training("'batch_size': 2000, 'epochs': 2, 'seed': 3")
                .write(tmp, out);
        JobTestSupport.Result r = JobTestSupport.run(Train::run, cfg.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertEquals(
                "lbfgs lr=1.0 max_iter=5 max_eval=6 tolerance_grad=1.0E-7 tolerance_change=1.0E-9 history_size=100 "
                        + "line_search_fn=strong_wolfe",
                ModelFile.load(out.resolve("model.bin")).optimizer().toText());
        assertEquals(
                2,
                Files.readAllLines(out.resolve("metrics.jsonl")).stream()
                        .filter(l -> l.contains("\"type\":\"step\""))
                        .count(),
                "one step per epoch");
    }

    @Test
    void dropoutIsABadConfigNamingTheLayer() {
        Path out = tmp.resolve("dropout");
        Path cfg = new BadInput.Config()
                .network("'input': [64], 'layers': [{'type': 'dense', 'units': 16}, {'type': 'relu'}, "
                        + "{'type': 'dropout', 'p': 0.5}, {'type': 'dense', 'units': 10}], "
                        + "'loss': 'softmax_cross_entropy'")
                .optimizer("'type': 'lbfgs'")
                .write(tmp, out);
        JobTestSupport.Result r = JobTestSupport.run(Train::run, cfg.toString());
        assertEquals(ExitCode.BAD_CONFIG.code(), r.code(), r.err());
        assertTrue(r.err().contains("key 'network.layers[2].type' is dropout (p 0.5)"), r.err());
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
    }

    @Test
    void anAcceptedStepBeyondTheDoubleRangeIsADivergence() {
        Path out = tmp.resolve("diverged");
        Path cfg = new BadInput.Config()
                .optimizer("'type': 'lbfgs', 'lr': 1e300, 'max_iter': 3")
                .training("'batch_size': 2000, 'epochs': 3, 'seed': 3")
                .write(tmp, out);
        JobTestSupport.Result r = JobTestSupport.run(Train::run, cfg.toString());
        assertEquals(ExitCode.DIVERGED.code(), r.code(), r.err());
        assertTrue(r.err().contains("diverged"), r.err());
    }
}
