package io.sparknn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.train.ExampleBlock;
import io.sparknn.trainer.spark.TrainingData;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optimizer benchmark's counts on a small random MNIST-shaped set, local[2] over 2 partitions:
 * one Spark job a step for first-order methods and K-FAC, more for L-BFGS's line search, the bytes
 * of those jobs, and each way a run ends.
 */
class OptimizerRunTest {
    private static JavaSparkContext sc;
    private static OptimizerRun runner;

    private static ExampleBlock random(int n, SplittableRandom rng) {
        float[][] x = new float[n][784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 784; j++) {
                x[i][j] = (float) rng.nextDouble();
            }
            y[i] = rng.nextInt(10);
        }
        return ExampleBlock.ofLabels(x, y);
    }

    @BeforeAll
    static void start() {
        SplittableRandom rng = new SplittableRandom(5);
        Mnist data = new Mnist(random(256, rng), random(64, rng));
        sc = LocalSpark.start("local[2]", "OptimizerRunTest");
        ExampleBlock train = data.train();
        JavaRDD<ExampleBlock> rdd = TrainingData.cache(
                sc, ExampleBlock.split(train, ExampleBlock.evenSizes(train.n, 2)), StorageLevel.MEMORY_ONLY());
        runner = new OptimizerRun(sc, rdd, data);
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void aReachedTargetStopsAtTheFirstEvaluationWithOneJobAStep() {
        // any accuracy is at least 0: the first evaluation, after half a second of training, reaches it
        OptimizerResult r = runner.run(Models.MLP, OptimizerArm.adam(32), 1, 0.0, 60);
        assertEquals(OptimizerResult.Outcome.REACHED, r.outcome());
        assertEquals(1, r.evals());
        assertTrue(r.steps() >= 1, r.toLine());
        assertEquals(r.steps(), r.jobs(), "one job a step: " + r.toLine());
        assertEquals(0, r.stepsBelow());
        assertTrue(r.seconds() >= OptimizerRun.MIN_EVAL_SECONDS, r.toLine());
        // each job's two tasks send a gradient of the MLP's 235,146 float32 parameters at least
        assertTrue(r.bytes() >= r.jobs() * 2L * 235_146 * 4, r.toLine());
        assertEquals(2, r.partitions());
        assertEquals("adam,lr=0.001", r.optimizer());
    }

    @Test
    void anUnreachableTargetEndsAtTheCapAndKfacStaysAtOneJobAStep() {
        OptimizerResult r = runner.run(Models.MLP, OptimizerArm.kfac(), 1, 2.0, 1.0);
        assertEquals(OptimizerResult.Outcome.CAPPED, r.outcome());
        assertTrue(r.seconds() >= 1.0, r.toLine());
        assertEquals(r.steps(), r.jobs(), "K-FAC's factors ride in the gradient's job: " + r.toLine());
        assertTrue(r.stepsBelow() < r.steps(), r.toLine());
    }

    @Test
    void lbfgsRunsMoreJobsThanStepsAndADivergedRunIsAResult() {
        OptimizerArm lbfgs = OptimizerArm.secondOrderAndLarge(256).stream()
                .filter(a -> a.name().equals("lbfgs"))
                .findFirst()
                .orElseThrow();
        OptimizerResult r = runner.run(Models.MLP, lbfgs, 1, 2.0, 1.0);
        assertTrue(r.jobs() > r.steps(), "the first evaluation and the line search's trials: " + r.toLine());
        OptimizerResult diverged = runner.run(Models.MLP, new OptimizerArm("sgd", 64, "sgd lr=1e30"), 1, 2.0, 60);
        assertEquals(OptimizerResult.Outcome.DIVERGED, diverged.outcome(), diverged.toLine());
        assertTrue(diverged.seconds() < 60, diverged.toLine());
    }
}
