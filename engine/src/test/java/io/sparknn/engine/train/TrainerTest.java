package io.sparknn.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.eval.Metrics;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training in plain Java: the README's example runs as written, the trainer is the one loop (its
 * shards add up as the Spark trainer's partitions do), and its settings and data are checked.
 */
class TrainerTest {
    @TempDir
    Path tmp;

    /** Three classes of four features around different means: what the README's example trains on. */
    static float[][] features(int n, long seed, int[] labels) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][4];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(3);
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) (r.nextGaussian() * 0.5 + (j % 3 == labels[i] ? 2 : 0));
            }
        }
        return x;
    }

    @Test
    void theReadmeExampleRunsAsWritten() throws Exception {
        int[] y = new int[150];
        float[][] x = features(150, 1, y);
        Path file = tmp.resolve("three-classes.model");
        // spotless:off (TrainerTest compares this block with README.md character for character)
        // README example: begin
        NetworkSpec spec = NetworkSpec.builder(Shape.of(4)).dense(16).relu().dense(3)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Model model = new Trainer(spec)
                .optimizer(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM).withLr(0.01))
                .batchSize(16).epochs(30).seed(7)
                .fit(ExampleBlock.ofLabels(x, y));
        try (Predictor predictor = new Predictor(model)) {
            double[][] probabilities = predictor.outputs(x);   // one row of 3 per example
            int[] classes = predictor.classes(x);
            Metrics metrics = predictor.evaluate(ExampleBlock.ofLabels(x, y));
            System.out.printf("accuracy %.3f, loss %.4f%n", metrics.accuracy(), metrics.loss());
        }
        ModelFile.save(model, file);                          // bin/sparknn evaluate/predict read it too
        // README example: end
        // spotless:on
        String readme = Files.readString(Path.of("..", "README.md"));
        String source = Files.readString(
                Path.of("src", "test", "java", "io", "sparknn", "engine", "train", "TrainerTest.java"));
        String begin = "// README example: begin\n";
        String example = source.substring(
                source.indexOf(begin) + begin.length(), source.indexOf("        // README example: end"));
        String shown = "```java\n" + example.stripTrailing().stripIndent() + "\n```\n";
        assertTrue(readme.contains(shown), "README.md does not show the example as TrainerTest runs it:\n" + shown);

        try (Predictor predictor = new Predictor(ModelFile.load(file))) {
            Metrics m = predictor.evaluate(ExampleBlock.ofLabels(x, y));
            assertTrue(m.accuracy() > 0.9, "accuracy " + m.accuracy());
            assertEquals(150, m.examples());
        }
        assertEquals(model, ModelFile.load(file));
    }

    @Test
    void shardsAreAddedInOrderAsTheSparkPartitionsAre() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(4))
                .dense(8)
                .tanh()
                .dropout(0.2)
                .dense(3)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
        int[] y = new int[101];
        ExampleBlock data = ExampleBlock.ofLabels(features(101, 3, y), y);
        OptimizerSpec sgd = OptimizerSpec.sgd().withMomentum(0.9, 0, true).withLr(0.1);
        Model three = new Trainer(spec)
                .precision(Precision.FLOAT64)
                .optimizer(sgd)
                .batchSize(20)
                .epochs(3)
                .seed(5)
                .clipNorm(1.0)
                .shards(3)
                .fit(data);

        // the same run spelled out: the loop over three blocks of 34, 34 and 33 examples
        TrainingState s;
        try (Network init = Network.create(spec, Network.Options.of(Precision.FLOAT64, 1), 5)) {
            s = new TrainingState(
                    init.parameters().copy(), init.buffers().copy(), sgd.create(Precision.FLOAT64, spec.paramCount()));
        }
        List<Double> losses = new ArrayList<>();
        try (GradientSource src = new InProcessGradientSource(
                ExampleBlock.split(data, new int[] {34, 34, 33}), spec, Precision.FLOAT64, 1)) {
            new TrainingLoop(new TrainingLoop.Settings(3, 20, 5, 1.0, 0), src, step -> 0.1, Precision.FLOAT64)
                    .run(s, (r, st) -> losses.add(r.loss()));
        }
        assertArrayEquals(s.params.toDoubles(), three.parameters());
        assertEquals(3 * 6, losses.size(), "6 steps of 20 per epoch of 101");

        Model one = new Trainer(spec)
                .precision(Precision.FLOAT64)
                .optimizer(sgd)
                .batchSize(20)
                .epochs(3)
                .seed(5)
                .clipNorm(1.0)
                .fit(data);
        assertNotEquals(
                java.util.Arrays.toString(one.parameters()),
                java.util.Arrays.toString(three.parameters()),
                "one shard adds the batch in another order than three: the bits differ, so the check above can fail");
    }

    @Test
    void settingsAndDataAreCheckedWithAMessageNamingThem() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(4)).dense(3).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Trainer t = new Trainer(spec);
        assertEquals(
                "batchSize must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> t.batchSize(0))
                        .getMessage());
        assertEquals(
                "clipNorm must be finite and >= 0, got NaN",
                assertThrows(IllegalArgumentException.class, () -> t.clipNorm(Double.NaN))
                        .getMessage());
        assertEquals(
                "examples have 2 features, the network takes 4",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> t.fit(ExampleBlock.ofLabels(new float[][] {{1, 2}}, new int[] {0})))
                        .getMessage());
        assertEquals(
                "no examples to train on",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> t.fit(ExampleBlock.ofLabels(new float[0][], new int[0])))
                        .getMessage());
        assertEquals(
                "feature row 1 has 3 values, row 0 has 4",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ExampleBlock.ofLabels(new float[][] {{1, 2, 3, 4}, {1, 2, 3}}, new int[] {0, 1}))
                        .getMessage());
        assertEquals(
                "2 feature rows and 1 labels",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ExampleBlock.ofLabels(new float[][] {{1, 2, 3, 4}, {1, 2, 3, 4}}, new int[] {0}))
                        .getMessage());
        Model other = new Trainer(NetworkSpec.builder(Shape.of(4)).dense(2).build(LossKind.SOFTMAX_CROSS_ENTROPY))
                .epochs(1)
                .fit(ExampleBlock.ofLabels(new float[][] {{1, 2, 3, 4}}, new int[] {1}));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> t.fit(ExampleBlock.ofLabels(new float[][] {{1, 2, 3, 4}}, new int[] {1}), other));
        assertTrue(e.getMessage().startsWith("the starting model is a FLOAT32 "), e.getMessage());
    }

    @Test
    void aDivergingFitNamesTheStep() {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(4)).dense(3).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        int[] y = new int[40];
        ExampleBlock data = ExampleBlock.ofLabels(features(40, 2, y), y);
        DivergedException e = assertThrows(
                DivergedException.class,
                () -> new Trainer(spec)
                        .optimizer(
                                OptimizerSpec.defaults(OptimizerSpec.Kind.SGD).withLr(1e39))
                        .batchSize(10)
                        .fit(data));
        assertTrue(e.getMessage().matches("training diverged: .* at step \\d+ .*"), e.getMessage());
    }
}
