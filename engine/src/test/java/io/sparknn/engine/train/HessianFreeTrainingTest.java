package io.sparknn.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.io.Model;
import io.sparknn.engine.io.ModelFile;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.optim.HessianFree;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerSpecs;
import io.sparknn.engine.optim.OptimizerState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hessian-free through the training loop in process: it trains a ReLU network, the curvature
 * subset is a function of (seed, step, id) alone, and a run stopped after some steps, written to a
 * model file with its state (λ, the previous CG iterate) and resumed gives the uninterrupted bits.
 */
class HessianFreeTrainingTest {
    static final NetworkSpec NET = NetworkSpec.builder(Shape.of(6))
            .dense(12)
            .relu()
            .dropout(0.1)
            .dense(3)
            .build(LossKind.SOFTMAX_CROSS_ENTROPY);

    static ExampleBlock data() {
        int n = 90;
        float[][] x = new float[n][6];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < 6; j++) {
                x[i][j] = (float) Math.sin(1.3 * i + 0.7 * j * j);
                s += x[i][j] * (j % 3 - 1);
            }
            y[i] = s > 0.4 ? 2 : s < -0.4 ? 0 : 1;
        }
        return ExampleBlock.ofLabels(x, y);
    }

    record Run(TrainingState state, List<Double> losses) {}

    static Run train(OptimizerSpec o, Precision p, TrainingState from, long steps) {
        try (GradientSource source =
                new InProcessGradientSource(ExampleBlock.split(data(), new int[] {31, 29, 30}), NET, p, 1)) {
            TrainingState s = from;
            if (s == null) {
                Network init = Network.create(NET, Network.Options.of(p, 1), 42);
                s = new TrainingState(init.parameters().copy(), init.buffers().copy(), o.create(p, NET));
            }
            List<Double> losses = new ArrayList<>();
            new TrainingLoop(new TrainingLoop.Settings(100, 30, 5, 0, steps), source, step -> o.lr(), p)
                    .run(s, (r, st) -> losses.add(r.loss()));
            return new Run(s, losses);
        }
    }

    @Test
    void itTrainsAReluNetwork() {
        OptimizerSpec o = OptimizerSpecs.parse("t", "hessian_free curvature_fraction=0.5");
        Run r = train(o, Precision.FLOAT64, null, 24);
        double first = r.losses().get(0);
        double last = r.losses().subList(18, 24).stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElseThrow();
        assertTrue(last < 0.5 * first, "mean loss of the last 6 steps " + last + " against the first " + first);
        HessianFree h = (HessianFree) r.state().optimizer;
        assertTrue(h.lastStep().cgIterations() > 0, h.lastStep().toString());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aRunResumedFromItsModelFileGivesTheUninterruptedBits(Precision p) throws IOException {
        OptimizerSpec o = OptimizerSpecs.parse("t", "hessian_free damping=0.5 max_cg_iter=20 curvature_fraction=0.6");
        Run whole = train(o, p, null, 7);

        Run part = train(o, p, null, 4);
        OptimizerState saved = part.state().optimizer.state();
        Model m = new Model(NET, p, part.state().params.toDoubles(), new double[0], null, o, saved);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFile.write(m, bytes);
        Model back = ModelFile.read(new ByteArrayInputStream(bytes.toByteArray()), "test");
        assertEquals(saved, back.optimizerState(), "the file holds λ and the previous iterate exactly");
        Network net = Network.of(NET, Network.Options.of(p, 1), back.parameters(), new double[0]);
        TrainingState s = new TrainingState(
                net.parameters(), net.buffers(), back.optimizer().create(p, NET));
        s.optimizer.restore(back.optimizerState());
        s.epoch = part.state().epoch;
        s.stepInEpoch = part.state().stepInEpoch;
        s.globalStep = part.state().globalStep;
        Run rest = train(o, p, s, 7);

        assertArrayEquals(whole.state().params.toDoubles(), rest.state().params.toDoubles(), 0.0);
        assertEquals(whole.state().optimizer.state(), rest.state().optimizer.state());
        assertEquals(whole.losses().subList(4, 7), rest.losses());
        assertTrue(saved.buffers()[1][0] != 0.5, "λ moved before the checkpoint: " + saved.buffers()[1][0]);
    }

    @Test
    void thePerExampleSquaresAreAskedForOnlyWhenThePreconditionerIsOn() {
        Precision p = Precision.FLOAT64;
        TrainingState on = new TrainingState(
                null, null, OptimizerSpecs.parse("t", "hessian_free").create(p, NET));
        TrainingState off = new TrainingState(
                null,
                null,
                OptimizerSpecs.parse("t", "hessian_free preconditioner_exponent=0")
                        .create(p, NET));
        assertEquals(HessianFreeShards.SQUARED_GRADIENTS, TrainingLoop.Update.OPTIMIZER.statistic(on));
        assertEquals(null, TrainingLoop.Update.OPTIMIZER.statistic(off));
    }

    @Test
    void theCurvatureSubsetIsFixedByTheStepNotTheShards() {
        long[] ids = new long[400];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1000 + 7L * i;
        }
        Batch whole = new Batch(null, 400, null, ids, 9, 4);
        int[] all = HessianFreeShards.subset(whole, 0.25);
        assertTrue(all.length > 70 && all.length < 130, "about a quarter: " + all.length);
        // the same examples in two shards choose the same ones
        Batch first = new Batch(null, 150, null, java.util.Arrays.copyOfRange(ids, 0, 150), 9, 4);
        Batch second = new Batch(null, 250, null, java.util.Arrays.copyOfRange(ids, 150, 400), 9, 4);
        List<Integer> joined = new ArrayList<>();
        for (int i : HessianFreeShards.subset(first, 0.25)) {
            joined.add(i);
        }
        for (int i : HessianFreeShards.subset(second, 0.25)) {
            joined.add(150 + i);
        }
        assertEquals(java.util.Arrays.stream(all).boxed().toList(), joined);
        Batch nextStep = new Batch(null, 400, null, ids, 9, 5);
        assertTrue(
                !java.util.Arrays.equals(all, HessianFreeShards.subset(nextStep, 0.25)),
                "another step, another subset");
        assertEquals(400, HessianFreeShards.subset(whole, 1).length);
    }
}
