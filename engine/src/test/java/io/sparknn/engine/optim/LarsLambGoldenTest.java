package io.sparknn.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Batch;
import io.sparknn.engine.LossResult;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.init.Init;
import io.sparknn.engine.kernel.TensorKernels;
import io.sparknn.engine.layer.DenseSpec;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * LARS and LAMB against their updates written out in torch float64 (golden/lars_lamb.txt, from
 * tools/pytorch/lars_lamb.py): Linear(3→4, no bias) → batch norm → tanh → Linear(4→2) with mean
 * cross-entropy, trained through our network with the tensors {@link ParameterTensors#of} finds;
 * the loss and every parameter must agree after every step to 1e-12 relative.
 */
class LarsLambGoldenTest {
    private static final double TOL = 1e-12;

    private static double maxDiff;
    private static String maxAt = "";

    record Step(double lr, double loss, double[] params) {}

    record Case(String name, String optimizer, String schedule, List<Step> steps) {}

    record Golden(double[] x, int[] y, double[] init, List<Case> cases) {}

    static Golden load() throws IOException {
        double[] x = null;
        int[] y = null;
        double[] init = null;
        List<Case> cases = new ArrayList<>();
        String name = null;
        String opt = null;
        String sched = null;
        List<Step> steps = new ArrayList<>();
        for (String line : PyTorchOptimizerGoldenTest.lines("/golden/lars_lamb.txt")) {
            String[] w = line.split(" ");
            switch (w[0]) {
                case "x" -> x = PyTorchOptimizerGoldenTest.numbers(w, 1);
                case "y" ->
                    y = Arrays.stream(w, 1, w.length)
                            .mapToInt(Integer::parseInt)
                            .toArray();
                case "init" -> init = PyTorchOptimizerGoldenTest.numbers(w, 1);
                case "case" -> {
                    name = w[1];
                    steps = new ArrayList<>();
                }
                case "optimizer" -> opt = line.substring("optimizer ".length());
                case "schedule" -> sched = line.substring("schedule ".length());
                // step <t> lr <v> loss <v> params <v...>
                case "step" ->
                    steps.add(new Step(
                            Double.parseDouble(w[3]),
                            Double.parseDouble(w[5]),
                            PyTorchOptimizerGoldenTest.numbers(w, 7)));
                case "end" -> cases.add(new Case(name, opt, sched, steps));
                default -> throw new IllegalStateException("unexpected golden line: " + line);
            }
        }
        return new Golden(x, y, init, cases);
    }

    static NetworkSpec network() {
        return NetworkSpec.builder(Shape.of(3))
                .add(new DenseSpec(4, Init.HE_UNIFORM, false))
                .batchNorm()
                .tanh()
                .dense(2)
                .build(LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    @TestFactory
    Stream<DynamicTest> larsAndLambMatchTheirWrittenOutUpdatesAfterEveryStep() throws IOException {
        Golden g = load();
        return g.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(g, c)));
    }

    /** Our parameters after each step of case {@code c} and the loss before it; checks the lr. */
    private static List<double[]> trajectory(Golden g, String optimizer, Case c) {
        NetworkSpec spec = network();
        // running mean 0 and variance 1, as PyTorch starts them (only the batch's statistics train)
        double[] buffers = {0, 0, 0, 0, 1, 1, 1, 1};
        Network net = Network.of(spec, Network.Options.of(Precision.FLOAT64, 1), g.init(), buffers);
        Batch batch = Batch.of(Storage.of(Precision.FLOAT64, g.x()), g.y().length, Targets.labels(g.y()));
        OptimizerSpec os = OptimizerSpecs.parse(c.name(), optimizer);
        LrSchedule schedule = LrSchedules.parse(c.name(), c.schedule());
        Optimizer opt = os.create(Precision.FLOAT64, spec);
        TensorKernels k = TensorKernels.of(Precision.FLOAT64);
        List<double[]> out = new ArrayList<>();
        for (int t = 0; t < c.steps().size(); t++) {
            Step want = c.steps().get(t);
            LossResult r = net.computeGradients(batch);
            Storage grad = net.gradients().copy();
            k.scale(grad, 0, grad.length(), 1.0 / r.count());
            double lr = schedule.lr(os.lr(), t);
            assertTrue(PyTorchOptimizerGoldenTest.relDiff(lr, want.lr()) < TOL, c.name() + " step " + t + " lr");
            opt.step(net.parameters(), grad, lr);
            double[] p = net.parameters().toDoubles();
            double[] withLoss = Arrays.copyOf(p, p.length + 1);
            withLoss[p.length] = r.mean();
            out.add(withLoss);
        }
        return out;
    }

    private static void run(Golden g, Case c) {
        List<double[]> got = trajectory(g, c.optimizer(), c);
        for (int t = 0; t < c.steps().size(); t++) {
            double[] want = c.steps().get(t).params();
            double[] p = Arrays.copyOf(got.get(t), got.get(t).length - 1);
            String at = c.name() + " step " + t;
            double loss = got.get(t)[p.length];
            assertTrue(
                    PyTorchOptimizerGoldenTest.relDiff(loss, c.steps().get(t).loss()) < TOL,
                    at + " loss " + loss + " vs reference " + c.steps().get(t).loss());
            assertEquals(want.length, p.length, at);
            for (int i = 0; i < p.length; i++) {
                double d = PyTorchOptimizerGoldenTest.relDiff(p[i], want[i]);
                if (d > maxDiff) {
                    maxDiff = d;
                    maxAt = at + " param " + i;
                }
                assertTrue(d < TOL, at + " param " + i + ": " + p[i] + " vs reference " + want[i]);
            }
        }
    }

    @Test
    void theGoldenCoversBothOptimizersWithAndWithoutExclusionsAndWeightDecay() throws IOException {
        Golden g = load();
        for (OptimizerSpec.Kind kind : new OptimizerSpec.Kind[] {OptimizerSpec.Kind.LARS, OptimizerSpec.Kind.LAMB}) {
            for (ParameterTensors.Exclude e : ParameterTensors.Exclude.values()) {
                assertTrue(
                        specs(g).anyMatch(s -> s.kind() == kind && exclude(s) == e && s.weightDecay() > 0),
                        kind + " " + e + " with weight decay missing");
            }
            assertTrue(specs(g).anyMatch(s -> s.kind() == kind && s.weightDecay() == 0), kind + " without decay");
        }
        assertTrue(g.cases().stream().allMatch(c -> c.steps().size() >= 5));
    }

    @Test
    void theExclusionsChangeTheTrajectory() throws IOException {
        // The same case with the other exclusion must end elsewhere, or the golden would pass an
        // exclusion that does nothing.
        Golden g = load();
        for (Case c : g.cases()) {
            OptimizerSpec s = OptimizerSpecs.parse(c.name(), c.optimizer());
            String other = exclude(s) == ParameterTensors.Exclude.NONE ? "bias_and_norm" : "none";
            String text = c.optimizer().replace(" exclude=none", "") + " exclude=" + other;
            List<double[]> t = trajectory(g, text, c);
            double[] last = t.get(t.size() - 1);
            double[] want = c.steps().get(c.steps().size() - 1).params();
            double worst = 0;
            for (int i = 0; i < want.length; i++) {
                worst = Math.max(worst, PyTorchOptimizerGoldenTest.relDiff(last[i], want[i]));
            }
            assertTrue(worst > 1e-4, c.name() + ": with exclude=" + other + " the parameters differ by only " + worst);
        }
    }

    private static Stream<OptimizerSpec> specs(Golden g) {
        return g.cases().stream().map(c -> OptimizerSpecs.parse(c.name(), c.optimizer()));
    }

    private static ParameterTensors.Exclude exclude(OptimizerSpec s) {
        return s instanceof LarsSpec l ? l.exclude() : ((LambSpec) s).exclude();
    }

    @AfterAll
    static void report() {
        System.out.printf("LARS/LAMB golden: max relative difference %.3g (%s)%n", maxDiff, maxAt);
    }
}
