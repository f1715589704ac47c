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
 * L-BFGS against {@code torch.optim.LBFGS} (golden/lbfgs.txt, from tools/pytorch/lbfgs.py), float64:
 * a dense–tanh–dense network with mean cross-entropy through our network, and a walled Rosenbrock
 * function whose trial points beyond the wall overflow (inf loss, NaN gradient), each with and
 * without the strong-Wolfe search. After every step the parameters and the step's loss agree to
 * 1e-9, and the evaluations and iterations counted over the run are PyTorch's exactly.
 */
class LbfgsGoldenTest {
    /** Absolute below 1, relative above: measured differences are printed after the run. */
    static final double TOL = 1e-9;

    private static double maxDiff;
    private static String maxAt = "";

    record Step(double loss, int evals, long iters, double[] params) {}

    record Case(String name, String optimizer, double[] start, double wall, List<Step> steps) {
        boolean function() {
            return start != null;
        }
    }

    record Golden(double[] x, int[] y, double[] init, List<Case> cases) {}

    static Golden load() throws IOException {
        double[] x = null;
        int[] y = null;
        double[] init = null;
        List<Case> cases = new ArrayList<>();
        String name = null;
        String opt = null;
        double[] start = null;
        double wall = 0;
        List<Step> steps = new ArrayList<>();
        for (String line : PyTorchOptimizerGoldenTest.lines("/golden/lbfgs.txt")) {
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
                    start = null;
                }
                // function rosenbrock wall <w> start <x...>
                case "function" -> {
                    wall = Double.parseDouble(w[3]);
                    start = PyTorchOptimizerGoldenTest.numbers(w, 5);
                }
                case "optimizer" -> opt = line.substring("optimizer ".length());
                // step <t> loss <v> evals <n> iters <n> params <v...>
                case "step" ->
                    steps.add(new Step(
                            Double.parseDouble(w[3]),
                            Integer.parseInt(w[5]),
                            Long.parseLong(w[7]),
                            PyTorchOptimizerGoldenTest.numbers(w, 9)));
                case "end" -> cases.add(new Case(name, opt, start, wall, steps));
                default -> throw new IllegalStateException("unexpected golden line: " + line);
            }
        }
        return new Golden(x, y, init, cases);
    }

    /** The script's Rosenbrock, in its order of operations: inf and NaN beyond the wall. */
    static Lbfgs.Evaluation rosenbrock(Storage p, double wall) {
        int n = p.length();
        double[] x = p.toDoubles();
        double[] g = new double[n];
        if (Arrays.stream(x).anyMatch(v -> Math.abs(v) > wall)) {
            Arrays.fill(g, Double.NaN);
            return new Lbfgs.Evaluation(Double.POSITIVE_INFINITY, Storage.of(Precision.FLOAT64, g));
        }
        double f = 0;
        for (int i = 0; i < n - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1.0 - x[i];
            f += 100.0 * a * a + b * b;
            g[i] += -400.0 * x[i] * a - 2.0 * b;
            g[i + 1] += 200.0 * a;
        }
        return new Lbfgs.Evaluation(f, Storage.of(Precision.FLOAT64, g));
    }

    static final NetworkSpec NET =
            NetworkSpec.builder(Shape.of(4)).dense(6).tanh().dense(3).build(LossKind.SOFTMAX_CROSS_ENTROPY);

    @TestFactory
    Stream<DynamicTest> everyStepMatchesPyTorch() throws IOException {
        Golden g = load();
        return g.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(g, c)));
    }

    private static void run(Golden g, Case c) {
        Lbfgs.Objective objective;
        Storage params;
        if (c.function()) {
            params = Storage.of(Precision.FLOAT64, c.start());
            objective = p -> rosenbrock(p, c.wall());
        } else {
            Network net = Network.of(NET, Network.Options.of(Precision.FLOAT64, 1), g.init(), new double[0]);
            Batch batch = Batch.of(Storage.of(Precision.FLOAT64, g.x()), g.y().length, Targets.labels(g.y()));
            params = net.parameters().copy();
            objective = p -> {
                net.parameters().copyFrom(p, 0, 0, p.length());
                LossResult r = net.computeGradients(batch);
                Storage grad = net.gradients().copy();
                for (int i = 0; i < grad.length(); i++) {
                    grad.set(i, grad.get(i) / r.count());
                }
                return new Lbfgs.Evaluation(r.mean(), grad);
            };
        }
        OptimizerSpec os = OptimizerSpecs.parse(c.name(), c.optimizer());
        Lbfgs opt = (Lbfgs) os.create(Precision.FLOAT64, params.length());
        int evals = 0;
        for (int t = 0; t < c.steps().size(); t++) {
            Step want = c.steps().get(t);
            String at = c.name() + " step " + t;
            Lbfgs.Evaluation first = objective.at(params);
            compare(at + " loss", first.loss(), want.loss());
            opt.step(params, first.loss(), first.meanGradient(), objective, os.lr());
            evals += opt.lastEvaluations();
            assertEquals(want.evals(), evals, at + " evaluations over the run");
            assertEquals(want.iters(), opt.state().steps(), at + " iterations over the run");
            double[] p = params.toDoubles();
            assertEquals(want.params().length, p.length, at);
            for (int i = 0; i < p.length; i++) {
                compare(at + " param " + i, p[i], want.params()[i]);
            }
        }
    }

    private static void compare(String what, double got, double want) {
        double d = Math.abs(got - want) / Math.max(1, Math.abs(want));
        if (d > maxDiff) {
            maxDiff = d;
            maxAt = what;
        }
        assertTrue(d <= TOL, what + ": " + got + " vs PyTorch " + want);
    }

    @Test
    void theGoldenFileCoversBothSearchesTheWallHistoryShiftsAndEarlyStops() throws IOException {
        Golden g = load();
        List<LbfgsSpec> specs = g.cases().stream()
                .map(c -> (LbfgsSpec) OptimizerSpecs.parse(c.name(), c.optimizer()))
                .toList();
        for (LbfgsSpec.LineSearch ls : LbfgsSpec.LineSearch.values()) {
            assertTrue(specs.stream().anyMatch(s -> s.lineSearchFn() == ls), ls + " missing");
            assertTrue(
                    g.cases().stream()
                            .anyMatch(c -> c.function()
                                    && ((LbfgsSpec) OptimizerSpecs.parse(c.name(), c.optimizer())).lineSearchFn()
                                            == ls),
                    ls + " missing on the function");
        }
        assertTrue(specs.contains(OptimizerSpec.lbfgs()), "PyTorch's defaults missing");
        // a step that ends with fewer iterations than max_iter allows: a stopping test acted
        assertTrue(g.cases().stream().anyMatch(c -> {
            LbfgsSpec s = (LbfgsSpec) OptimizerSpecs.parse(c.name(), c.optimizer());
            long before = 0;
            for (Step st : c.steps()) {
                if (st.iters() - before < s.maxIter()) {
                    return true;
                }
                before = st.iters();
            }
            return false;
        }));
        // a history shorter than the iterations: it fills and shifts
        assertTrue(specs.stream().anyMatch(s -> s.historySize() < s.maxIter()));
    }

    @AfterAll
    static void report() {
        System.out.println("L-BFGS vs PyTorch: largest difference " + maxDiff + " at " + maxAt);
    }
}
