package io.sparknn.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.kernel.Parallel;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The loop's element-wise passes (the shards' gradient sum, the scaling by 1/n, the optimizer's
 * update, the non-finite check) cut by parameter ranges across threads give the bits of one
 * thread: parameters, optimizer state, and every step's loss and gradient norm, over several
 * steps of an MLP and a convolutional net with Adam/AdamW and SGD with momentum. Parameter counts
 * are odd and not multiples of the thread counts; the network's own threads are the same (2) in
 * every arm, so only the element-wise passes differ.
 */
class ParallelPassesTest {
    private static final Precision F32 = Precision.FLOAT32;

    /** 161-300-7: 50,707 parameters. */
    private static final NetworkSpec MLP =
            NetworkSpec.builder(Shape.of(161)).dense(300).relu().dense(7).build(LossKind.SOFTMAX_CROSS_ENTROPY);

    /** conv 5×3×3 on 1×12×12, max-pool 2, dense 400, dense 3: 51,653 parameters. */
    private static final NetworkSpec CONV = NetworkSpec.builder(Shape.of(1, 12, 12))
            .conv2d(5, 3)
            .relu()
            .maxPool2d(2)
            .flatten()
            .dense(400)
            .relu()
            .dense(3)
            .build(LossKind.SOFTMAX_CROSS_ENTROPY);

    private static final OptimizerSpec ADAM = OptimizerSpec.adam().withLr(0.01);
    private static final OptimizerSpec ADAMW_AMSGRAD =
            new io.sparknn.engine.optim.AdamWSpec(0.01, 0.9, 0.999, 1e-8, 0.05, true);
    private static final OptimizerSpec SGD_NESTEROV =
            OptimizerSpec.sgd().withMomentum(0.9, 0, true).withWeightDecay(1e-3).withLr(0.05);
    private static final OptimizerSpec SGD_DAMPENED =
            OptimizerSpec.sgd().withMomentum(0.8, 0.1, false).withLr(0.05);

    @Test
    void mlpOnThreeThreadsEqualsOneBitForBit() {
        assertEquals(50_707, MLP.paramCount());
        sameBits(MLP, ADAM, 0);
        sameBits(MLP, SGD_NESTEROV, 0.5);
    }

    @Test
    void convNetOnThreeThreadsEqualsOneBitForBit() {
        assertEquals(51_653, CONV.paramCount());
        sameBits(CONV, ADAMW_AMSGRAD, 0);
        sameBits(CONV, SGD_DAMPENED, 0);
    }

    /** One element-wise thread against three (ranges of any length) and two (default range length). */
    private static void sameBits(NetworkSpec spec, OptimizerSpec optimizer, double clipNorm) {
        Run one = train(spec, optimizer, clipNorm, Parallel.SERIAL);
        try (Parallel three = Parallel.of(3, 1);
                Parallel two = Parallel.of(2)) {
            assertEquals(12, three.ranges(spec.paramCount()));
            assertEquals(3, two.ranges(spec.paramCount()), "the default range length cuts these nets");
            for (Parallel p : List.of(three, two)) {
                Run other = train(spec, optimizer, clipNorm, p);
                String what = spec.summary() + " " + optimizer.kind().text() + " on " + p.threads() + " threads";
                assertArrayEquals(one.params, other.params, what + ": parameters");
                assertEquals(one.optimizer.steps(), other.optimizer.steps(), what);
                assertEquals(one.optimizer.buffers().length, other.optimizer.buffers().length, what);
                for (int b = 0; b < one.optimizer.buffers().length; b++) {
                    assertArrayEquals(
                            bits(one.optimizer.buffers()[b]),
                            bits(other.optimizer.buffers()[b]),
                            what + ": optimizer buffer " + b);
                }
                assertArrayEquals(one.steps, other.steps, what + ": each step's loss and gradient norm");
            }
        }
    }

    private record Run(long[] params, OptimizerState optimizer, long[] steps) {}

    /** Six steps: two epochs of 90 examples in batches of 30, each batch two shards, the network on 2 threads. */
    private static Run train(NetworkSpec spec, OptimizerSpec optimizer, double clipNorm, Parallel elementwise) {
        int n = 90;
        int width = spec.input().size();
        int classes = spec.output().size();
        SplittableRandom r = new SplittableRandom(11);
        float[][] x = new float[n][width];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
            for (int j = 0; j < width; j++) {
                x[i][j] = (float) (r.nextGaussian() + (j % classes == y[i] ? 1 : 0));
            }
        }
        ExampleBlock data = ExampleBlock.ofLabels(x, y);
        TrainingState s;
        try (Network init = Network.create(spec, Network.Options.of(F32, 1), 3)) {
            s = new TrainingState(init.parameters().copy(), init.buffers().copy(), optimizer.create(F32, spec));
        }
        List<Long> steps = new ArrayList<>();
        try (GradientSource src =
                new InProcessGradientSource(ExampleBlock.split(data, new int[] {47, 43}), spec, F32, 2, elementwise)) {
            new TrainingLoop(new TrainingLoop.Settings(2, 30, 5, clipNorm, 0), src, step -> optimizer.lr(), F32)
                    .run(s, (report, state) -> {
                        steps.add(Double.doubleToRawLongBits(report.loss()));
                        steps.add(Double.doubleToRawLongBits(report.gradientNorm()));
                    });
        }
        assertEquals(12, steps.size());
        return new Run(
                bits(s.params.toDoubles()),
                s.optimizer.state(),
                steps.stream().mapToLong(Long::longValue).toArray());
    }

    private static long[] bits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
