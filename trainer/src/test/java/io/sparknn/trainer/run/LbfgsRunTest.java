package io.sparknn.trainer.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.optim.LbfgsSpec;
import io.sparknn.engine.optim.OptimizerState;
import io.sparknn.trainer.JobConfigs;
import io.sparknn.trainer.SimulatedCrash;
import io.sparknn.trainer.SparkTestContext;
import io.sparknn.trainer.config.ConfigException;
import io.sparknn.trainer.config.ConfigReader;
import io.sparknn.trainer.config.JobConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L-BFGS in a run: its keys in the config and the resolved config, the configs it refuses (each
 * evaluation of a step must be the same function of the weights), and a resume from a checkpoint
 * that continues with the same bits as an uninterrupted run: the history and the last step and
 * gradient are in the checkpoint, in float32 exactly.
 */
class LbfgsRunTest {
    static final String NET = """
            {"type": "dense", "units": 16}, {"type": "tanh"}, {"type": "dense", "units": 10}""";
    static final String LBFGS =
            "{\"type\": \"lbfgs\", \"max_iter\": 4, \"history_size\": 3, " + "\"line_search_fn\": \"strong_wolfe\"}";

    @TempDir
    Path tmp;

    /** 1438 training examples: 3 steps of 500 per epoch. */
    static String training(String extra) {
        return "{\"batch_size\": 500, \"epochs\": 2, \"seed\": 7, \"partitions\": 3, \"log_every\": 1" + extra + "}";
    }

    @Test
    void theResolvedConfigHoldsEveryKeyAndReadsBackToTheSameSpec() {
        JobConfig c =
                JobConfigs.digits(tmp.resolve("r"), NET, "{\"type\": \"lbfgs\", \"max_iter\": 8}", training(""), "");
        LbfgsSpec s = (LbfgsSpec) c.optimizer();
        assertEquals(10, s.maxEval(), "max_iter * 5 // 4");
        assertTrue(
                c.resolved()
                        .replaceAll("\\s", "")
                        .contains("\"optimizer\":{\"type\":\"lbfgs\",\"lr\":1.0,\"max_iter\":8,\"max_eval\":10,"
                                + "\"tolerance_grad\":1.0E-7,\"tolerance_change\":1.0E-9,\"history_size\":100,"
                                + "\"line_search_fn\":\"none\"}"),
                c.resolved());
        assertEquals(s, ConfigReader.parse("resolved.json", c.resolved()).optimizer());
    }

    @Test
    void dropoutBatchNormAndClippingAreRefusedNamingTheKey() {
        ConfigException dropout = assertThrows(
                ConfigException.class,
                () -> JobConfigs.digits(tmp.resolve("d"), JobConfigs.MLP, LBFGS, training(""), ""));
        assertTrue(
                dropout.getMessage()
                        .startsWith(tmp.resolve("d") + ".json: key 'network.layers[2].type' is dropout (p 0.2), "
                                + "which draws its masks in training mode: optimizer.type lbfgs evaluates"),
                dropout.getMessage());
        ConfigException bn = assertThrows(
                ConfigException.class,
                () -> JobConfigs.digits(
                        tmp.resolve("b"),
                        "{\"type\": \"dense\", \"units\": 16}, {\"type\": \"batchnorm\"}, {\"type\": \"dense\", "
                                + "\"units\": 10}",
                        LBFGS,
                        training(""),
                        ""));
        assertTrue(bn.getMessage().contains("key 'network.layers[1].type' is batchnorm"), bn.getMessage());
        ConfigException clip = assertThrows(
                ConfigException.class,
                () -> JobConfigs.digits(tmp.resolve("c"), NET, LBFGS, training(", \"clip_norm\": 1.0"), ""));
        assertTrue(clip.getMessage().contains("key 'training.clip_norm' is 1.0"), clip.getMessage());
        // dropout of p 0 draws nothing, and other optimizers take all three
        JobConfigs.digits(
                tmp.resolve("p0"),
                NET.replace("{\"type\": \"tanh\"}", "{\"type\": \"tanh\"}, {\"type\": \"dropout\", \"p\": 0.0}"),
                LBFGS,
                training(""),
                "");
        JobConfigs.digits(tmp.resolve("adam"), JobConfigs.MLP, ResumeTest.ADAM, training(", \"clip_norm\": 1.0"), "");
    }

    @Test
    void statefulStreamsAreRefusedAndSlidingWindowsTaken() {
        String text = """
                {
                  "data": {"format": "text", "train": "data/kjv.txt.gz", "window": 50, "mode": "%s"},
                  "network": {"layers": [{"type": "embedding", "dim": 16}, {"type": "gru", "hidden": 32},
                                         {"type": "dense"}]},
                  "optimizer": {"type": "lbfgs"},
                  "training": {"batch_size": 32},
                  "output": {"dir": "target/runs/text"}
                }
                """;
        ConfigException e =
                assertThrows(ConfigException.class, () -> ConfigReader.parse("t.json", text.formatted("stateful")));
        assertTrue(
                e.getMessage().startsWith("t.json: key 'data.mode' is stateful, whose steps advance the streams"),
                e.getMessage());
        assertTrue(ConfigReader.parse("t.json", text.formatted("sliding")).optimizer() instanceof LbfgsSpec);
    }

    @Test
    void aResumedRunEndsWithTheBitsOfAnUninterruptedOne() throws Exception {
        Path whole = tmp.resolve("whole");
        new TrainingRun(
                        Compute.spark(SparkTestContext.get()),
                        JobConfigs.digits(whole, NET, LBFGS, training(""), ""),
                        false)
                .run();
        Path parts = tmp.resolve("parts");
        assertThrows(
                SimulatedCrash.class,
                () -> new TrainingRun(
                                Compute.spark(SparkTestContext.get()),
                                JobConfigs.digits(parts, NET, LBFGS, training(""), ", \"checkpoint_every\": 2"),
                                false)
                        .observedBy(SimulatedCrash.afterStep(3))
                        .run());
        new TrainingRun(
                        Compute.spark(SparkTestContext.get()),
                        JobConfigs.digits(
                                parts, NET, LBFGS, training(""), ", \"checkpoint_every\": 2, \"mode\": \"resume\""),
                        false)
                .run();
        Model a = ModelFile.load(whole.resolve("model.bin"));
        Model b = ModelFile.load(parts.resolve("model.bin"));
        assertArrayEquals(a.parameters(), b.parameters(), 0.0);
        OptimizerState s = a.optimizerState();
        assertEquals(s, b.optimizerState(), "the L-BFGS state: iterations, last step and gradient, history");
        assertEquals(2 + 2 * 3, s.buffers().length, "a full history of 3 pairs after 6 steps of up to 4 iterations");
        assertTrue(s.steps() > 6, "iterations over the run: " + s.steps());
        assertEquals(
                ResumeTest.stepLines(whole), ResumeTest.stepLines(parts), "every step logged once, with the same loss");
    }
}
