package io.sparknn.engine.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Our fused softmax cross-entropy against PyTorch's {@code F.cross_entropy(reduction='sum')}
 * (golden/cross_entropy.txt, from tools/pytorch/cross_entropy.py): loss sum and gradient with
 * respect to the logits, for labels and probability targets, with logits of ±1e4 and probability
 * rows that do not sum to 1.
 */
class SoftmaxCrossEntropyGoldenTest {
    /**
     * The kernel takes softmax as exp(z − logsumexp(z)); with |z| = 1e4 the rounding of logsumexp
     * (half an ulp of 1e4 ≈ 9.1e-13) passes into the probabilities, which bounds the difference.
     */
    private static final double TOL = 1e-12;

    private static double maxDiff;
    private static String maxAt = "";

    record Case(
            String name,
            int rows,
            int classes,
            double[] logits,
            int[] labels,
            double[] probs,
            double loss,
            double[] grad) {}

    static List<Case> load() throws IOException {
        List<String> lines;
        try (InputStream in = SoftmaxCrossEntropyGoldenTest.class.getResourceAsStream("/golden/cross_entropy.txt")) {
            if (in == null) {
                throw new IOException("missing test resource /golden/cross_entropy.txt");
            }
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        }
        // Five lines per case: case <name> <rows> <classes>, logits, labels|probs, loss, grad.
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i + 4 < lines.size(); i += 5) {
            String[] head = lines.get(i).split(" ");
            String[] target = lines.get(i + 2).split(" ");
            boolean labels = target[0].equals("labels");
            cases.add(new Case(
                    head[1],
                    Integer.parseInt(head[2]),
                    Integer.parseInt(head[3]),
                    numbers(lines.get(i + 1)),
                    labels
                            ? Arrays.stream(target, 1, target.length)
                                    .mapToInt(Integer::parseInt)
                                    .toArray()
                            : null,
                    labels ? null : numbers(lines.get(i + 2)),
                    numbers(lines.get(i + 3))[0],
                    numbers(lines.get(i + 4))));
        }
        return cases;
    }

    private static double[] numbers(String line) {
        String[] w = line.split(" ");
        return Arrays.stream(w, 1, w.length).mapToDouble(Double::parseDouble).toArray();
    }

    @TestFactory
    Stream<DynamicTest> lossSumAndGradientMatchPyTorch() throws IOException {
        List<Case> cases = load();
        assertEquals(4, cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(Case c) {
        Targets t = c.labels() != null
                ? Targets.labels(c.labels())
                : Targets.values(Storage.of(Precision.FLOAT64, c.probs()), c.classes());
        Loss loss = LossKind.SOFTMAX_CROSS_ENTROPY.create(Precision.FLOAT64);
        loss.checkTargets(t, c.rows(), c.classes());
        Storage dz = Storage.allocate(Precision.FLOAT64, c.rows() * c.classes());
        double sum = loss.sum(Storage.of(Precision.FLOAT64, c.logits()), c.rows(), c.classes(), t, 0, dz);
        close(c.name() + " loss", sum, c.loss());
        double[] g = dz.toDoubles();
        for (int i = 0; i < g.length; i++) {
            close(c.name() + " grad " + i, g[i], c.grad()[i]);
        }
    }

    private static void close(String what, double got, double want) {
        double d = want == 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
        if (d > maxDiff) {
            maxDiff = d;
            maxAt = what;
        }
        assertTrue(d < TOL, what + ": " + got + " vs PyTorch " + want);
    }

    @AfterAll
    static void report() {
        System.out.printf("PyTorch cross-entropy golden: max relative difference %.3g (%s)%n", maxDiff, maxAt);
    }
}
