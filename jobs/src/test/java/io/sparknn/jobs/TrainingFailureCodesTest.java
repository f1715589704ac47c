package io.sparknn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.train.StatefulGradientSource;
import io.sparknn.engine.train.StepPlan;
import io.sparknn.engine.train.Streams;
import io.sparknn.engine.train.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way training itself refuses to go on ends with its documented exit code, never the
 * unexpected-failure code 1 reserved for bugs: a setting that cannot work is a bad config (3), a
 * checkpoint the run cannot continue from is a refused output directory (6).
 */
class TrainingFailureCodesTest {
    private static final Precision F64 = Precision.FLOAT64;
    private static final int WINDOW = 5;
    private static final int VOCAB = 6;
    private static final NetworkSpec RECURRENT = NetworkSpec.builder(Shape.of(WINDOW))
            .embedding(VOCAB, 3)
            .lstm(4, true)
            .dense(VOCAB)
            .build(LossKind.SOFTMAX_CROSS_ENTROPY);

    @TempDir
    Path tmp;

    /** Two streams of three windows each. */
    private static Streams twoStreams() {
        int[] text = new int[2 * 3 * WINDOW + 1];
        for (int i = 0; i < text.length; i++) {
            text[i] = i % VOCAB;
        }
        return Streams.of(text, 2, WINDOW);
    }

    private static ExitCode code(RuntimeException e) {
        return JobFailure.classify(e).code();
    }

    /** Thrown by a Spark task and arriving wrapped in Spark's exception, as on a cluster. */
    @Test
    void batchNormWithOneExampleInAShardIsABadConfig() {
        Path out = tmp.resolve("run");
        Path cfg = new BadInput.Config()
                .mode("new")
                .network("'input': [64], 'layers': [{'type': 'dense', 'units': 16}, {'type': 'batchnorm'}, "
                        + "{'type': 'relu'}, {'type': 'dense', 'units': 10}], 'loss': 'softmax_cross_entropy'")
                .training("'batch_size': 1, 'epochs': 1, 'seed': 3")
                .write(tmp, out);
        JobTestSupport.Result r = JobTestSupport.run(Train::run, cfg.toString());
        assertEquals(ExitCode.BAD_CONFIG.code(), r.code(), r.err());
        String message = BadInput.oneLine("train", r.err());
        assertTrue(
                message.matches("partition \\d holds 1 example of train step 0 \\(epoch 1\\): batch norm needs at "
                        + "least 2 examples per shard.*"),
                message);
        assertTrue(message.contains("training.partitions") && message.contains("training.batch_size"), message);
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
    }

    /**
     * Found at its step, a later one-example shard came after {@code overwrite} had replaced the
     * previous run: it is found before the run writes anything.
     */
    @Test
    void aLaterBatchNormShardOfOneExampleIsRefusedBeforeTheOverwrittenRunIsTouched() {
        Path out = BadInput.finishedCopy(tmp);
        Path cfg = new BadInput.Config()
                .mode("overwrite")
                .network("'input': [64], 'layers': [{'type': 'dense', 'units': 16}, {'type': 'batchnorm'}, "
                        + "{'type': 'relu'}, {'type': 'dense', 'units': 10}], 'loss': 'softmax_cross_entropy'")
                .training("'batch_size': 3, 'epochs': 2, 'seed': 3, 'partitions': 2")
                .write(tmp, out);
        String message = BadInput.rejects(
                ExitCode.BAD_CONFIG,
                "train",
                Train::run,
                out,
                new String[] {cfg.toString()},
                "batch norm needs at least 2 examples per shard");
        assertTrue(message.matches("partition \\d holds 1 example of train step \\d+ \\(epoch \\d\\): .*"), message);
    }

    @Test
    void statefulTrainingWithoutARecurrentLayerIsABadConfig() {
        NetworkSpec noState = NetworkSpec.builder(Shape.of(WINDOW))
                .embedding(VOCAB, 3)
                .dense(VOCAB)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        TrainingException e = assertThrows(
                TrainingException.class,
                () -> StatefulGradientSource.inProcess(twoStreams().split(1), noState, F64, 1));
        assertEquals(ExitCode.BAD_CONFIG, code(e), e.getMessage());
        assertEquals("stateful training needs a recurrent layer (lstm or gru) in the network", e.getMessage());
    }

    @Test
    void aStatefulBatchSizeOtherThanTheStreamsIsABadConfig() {
        try (StatefulGradientSource source =
                        StatefulGradientSource.inProcess(twoStreams().split(1), RECURRENT, F64, 1);
                Network net = Network.create(RECURRENT, Network.Options.of(F64, 1), 1)) {
            TrainingException e = assertThrows(
                    TrainingException.class,
                    () -> source.compute(
                            new StepPlan(1, 0, 0, 0, 3, source.examples()), net.parameters(), net.buffers()));
            assertEquals(ExitCode.BAD_CONFIG, code(e), e.getMessage());
            assertTrue(e.getMessage().contains("batch size 3 must equal the 2 streams"), e.getMessage());
        }
    }

    @Test
    void aCheckpointStreamStateOfAnotherSizeIsARefusedResume() {
        try (StatefulGradientSource source =
                StatefulGradientSource.inProcess(twoStreams().split(1), RECURRENT, F64, 1)) {
            int size = source.state().length;
            TrainingException e =
                    assertThrows(TrainingException.class, () -> source.restoreState(new double[size + 1]));
            assertEquals(ExitCode.OUTPUT_REFUSED, code(e), e.getMessage());
            assertTrue(
                    e.getMessage()
                            .startsWith("the checkpoint holds " + (size + 1) + " stream state values, the run needs "
                                    + size),
                    e.getMessage());
        }
    }
}
