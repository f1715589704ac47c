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
import io.sparknn.engine.kernel.TensorKernels;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every optimizer against {@code torch.optim} (golden/optimizers.txt, from
 * tools/pytorch/optimizers.py): Linear(3→2) with mean softmax cross-entropy trained through our
 * network, the lr from our schedule, gradients clipped by our {@link GradientClipping}; the lr,
 * loss, pre-clip norm and all parameters must agree with PyTorch's after every step in float64.
 */
class PyTorchOptimizerGoldenTest {
    /** Relative tolerance; measured differences are a few ulps (printed after the run). */
    private static final double TOL = 1e-12;

    private static double maxParamDiff;
    private static String maxParamAt = "";
    private static double maxOtherDiff;

    record Step(double lr, double loss, double norm, double[] params) {}

    record Case(String name, String optimizer, String schedule, double clip, List<Step> steps) {}

    record Golden(double[] x, int[] y, double[] init, List<Case> cases) {}

    static Golden load() throws IOException {
        double[] x = null;
        int[] y = null;
        double[] init = null;
        List<Case> cases = new ArrayList<>();
        String name = null;
        String opt = null;
        String sched = null;
        double clip = 0;
        List<Step> steps = new ArrayList<>();
        for (String line : lines("/golden/optimizers.txt")) {
            String[] w = line.split(" ");
            switch (w[0]) {
                case "x" -> x = numbers(w, 1);
                case "y" ->
                    y = Arrays.stream(w, 1, w.length)
                            .mapToInt(Integer::parseInt)
                            .toArray();
                case "init" -> init = numbers(w, 1);
                case "case" -> {
                    name = w[1];
                    steps = new ArrayList<>();
                }
                case "optimizer" -> opt = line.substring("optimizer ".length());
                case "schedule" -> sched = line.substring("schedule ".length());
                case "clip" -> clip = Double.parseDouble(w[1]);
                // step <t> lr <v> loss <v> norm <v> params <v...>
                case "step" ->
                    steps.add(new Step(
                            Double.parseDouble(w[3]),
                            Double.parseDouble(w[5]),
                            Double.parseDouble(w[7]),
                            numbers(w, 9)));
                case "end" -> cases.add(new Case(name, opt, sched, clip, steps));
                default -> throw new IllegalStateException("unexpected golden line: " + line);
            }
        }
        return new Golden(x, y, init, cases);
    }

    static List<String> lines(String resource) throws IOException {
        try (InputStream in = PyTorchOptimizerGoldenTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        }
    }

    static double[] numbers(String[] words, int from) {
        return Arrays.stream(words, from, words.length)
                .mapToDouble(Double::parseDouble)
                .toArray();
    }

    static double relDiff(double got, double want) {
        double scale = Math.abs(want);
        return scale == 0 ? Math.abs(got) : Math.abs(got - want) / scale;
    }

    @TestFactory
    Stream<DynamicTest> everyOptimizerMatchesPyTorchAfterEveryStep() throws IOException {
        Golden g = load();
        return g.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(g, c)));
    }

    private static void run(Golden g, Case c) {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(3)).dense(2).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network net = Network.of(spec, Network.Options.of(Precision.FLOAT64, 1), g.init(), new double[0]);
        Batch batch = Batch.of(Storage.of(Precision.FLOAT64, g.x()), g.y().length, Targets.labels(g.y()));
        OptimizerSpec os = OptimizerSpecs.parse(c.name(), c.optimizer());
        LrSchedule schedule = LrSchedules.parse(c.name(), c.schedule());
        Optimizer opt = os.create(Precision.FLOAT64, spec.paramCount());
        TensorKernels k = TensorKernels.of(Precision.FLOAT64);
        for (int t = 0; t < c.steps().size(); t++) {
            Step want = c.steps().get(t);
            LossResult r = net.computeGradients(batch);
            Storage grad = net.gradients().copy();
            k.scale(grad, 0, grad.length(), 1.0 / r.count());
            double norm = GradientClipping.clip(grad, c.clip());
            double lr = schedule.lr(os.lr(), t);
            opt.step(net.parameters(), grad, lr);
            String at = c.name() + " step " + t;
            other(at + " lr", lr, want.lr());
            other(at + " loss", r.mean(), want.loss());
            other(at + " norm", norm, want.norm());
            double[] p = net.parameters().toDoubles();
            assertEquals(want.params().length, p.length, at);
            for (int i = 0; i < p.length; i++) {
                double d = relDiff(p[i], want.params()[i]);
                if (d > maxParamDiff) {
                    maxParamDiff = d;
                    maxParamAt = at + " param " + i;
                }
                assertTrue(d < TOL, at + " param " + i + ": " + p[i] + " vs PyTorch " + want.params()[i]);
            }
        }
    }

    private static void other(String what, double got, double want) {
        double d = relDiff(got, want);
        maxOtherDiff = Math.max(maxOtherDiff, d);
        assertTrue(d < TOL, what + ": " + got + " vs PyTorch " + want);
    }

    @Test
    void goldenFileCoversEveryOptimizerKindWithWeightDecayAndClipping() throws IOException {
        Golden g = load();
        for (OptimizerSpec.Kind kind : OptimizerSpec.Kind.values()) {
            if (kind == OptimizerSpec.Kind.LBFGS) {
                continue; // no weight decay, and a closure: LbfgsGoldenTest
            }
            if (kind == OptimizerSpec.Kind.LARS || kind == OptimizerSpec.Kind.LAMB) {
                continue; // not in torch.optim: LarsLambGoldenTest
            }
            if (kind == OptimizerSpec.Kind.HESSIAN_FREE || kind == OptimizerSpec.Kind.KFAC) {
                continue; // not in torch.optim, no weight decay: HessianFreeTest, GaussNewtonGoldenTest, KfacTest
            }
            assertTrue(
                    g.cases().stream()
                            .map(c -> OptimizerSpecs.parse(c.name(), c.optimizer()))
                            .anyMatch(s -> s.kind() == kind && s.weightDecay() > 0),
                    kind + " missing");
        }
        assertTrue(
                g.cases().stream()
                        .anyMatch(c -> c.clip() > 0 && c.steps().stream().anyMatch(s -> s.norm() > c.clip())),
                "no case where clipping acts");
        assertTrue(g.cases().stream().allMatch(c -> c.steps().size() >= 3));
        for (OptimizerSpec.Kind kind : new OptimizerSpec.Kind[] {OptimizerSpec.Kind.ADAM, OptimizerSpec.Kind.ADAMW}) {
            assertTrue(
                    g.cases().stream()
                            .map(c -> OptimizerSpecs.parse(c.name(), c.optimizer()))
                            .anyMatch(s -> s.kind() == kind && amsgrad(s) && s.weightDecay() > 0),
                    kind + " amsgrad missing");
        }
    }

    @Test
    void amsgradCasesTellTheRunningMaximumFromTheSecondMoment() throws IOException {
        // The same case without amsgrad must end elsewhere, or the golden would pass an amsgrad that does nothing.
        Golden g = load();
        List<Case> ams = g.cases().stream()
                .filter(c -> amsgrad(OptimizerSpecs.parse(c.name(), c.optimizer())))
                .toList();
        assertEquals(2, ams.size());
        for (Case c : ams) {
            assertEquals("constant", c.schedule(), "finalParams runs a constant lr without clipping");
            assertEquals(0, c.clip());
            double[] last = c.steps().get(c.steps().size() - 1).params();
            double[] plain = finalParams(
                    g,
                    new Case(c.name(), c.optimizer().replace(" amsgrad=true", ""), c.schedule(), c.clip(), c.steps()));
            double worst = 0;
            for (int i = 0; i < last.length; i++) {
                worst = Math.max(worst, relDiff(plain[i], last[i]));
            }
            assertTrue(worst > 1e-4, c.name() + ": without amsgrad the parameters differ by only " + worst);
        }
    }

    private static boolean amsgrad(OptimizerSpec s) {
        return s instanceof AdamSpec a && a.amsgrad() || s instanceof AdamWSpec w && w.amsgrad();
    }

    private static double[] finalParams(Golden g, Case c) {
        NetworkSpec spec = NetworkSpec.builder(Shape.of(3)).dense(2).build(LossKind.SOFTMAX_CROSS_ENTROPY);
        Network net = Network.of(spec, Network.Options.of(Precision.FLOAT64, 1), g.init(), new double[0]);
        Batch batch = Batch.of(Storage.of(Precision.FLOAT64, g.x()), g.y().length, Targets.labels(g.y()));
        OptimizerSpec os = OptimizerSpecs.parse(c.name(), c.optimizer());
        Optimizer opt = os.create(Precision.FLOAT64, spec.paramCount());
        for (int t = 0; t < c.steps().size(); t++) {
            LossResult r = net.computeGradients(batch);
            Storage grad = net.gradients().copy();
            TensorKernels.of(Precision.FLOAT64).scale(grad, 0, grad.length(), 1.0 / r.count());
            opt.step(net.parameters(), grad, os.lr());
        }
        return net.parameters().toDoubles();
    }

    @AfterAll
    static void report() {
        System.out.printf(
                "PyTorch optimizer golden: max relative difference params %.3g (%s), lr/loss/norm %.3g%n",
                maxParamDiff, maxParamAt, maxOtherDiff);
    }
}
