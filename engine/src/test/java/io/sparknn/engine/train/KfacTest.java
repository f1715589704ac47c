package io.sparknn.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Golden;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.init.Init;
import io.sparknn.engine.layer.Conv2dSpec;
import io.sparknn.engine.layer.DenseSpec;
import io.sparknn.engine.layer.SpecException;
import io.sparknn.engine.loss.LossKind;
import io.sparknn.engine.loss.Targets;
import io.sparknn.engine.optim.Kfac;
import io.sparknn.engine.optim.KfacSpec;
import io.sparknn.engine.optim.OptimizerSpec;
import io.sparknn.engine.optim.OptimizerSpecs;
import io.sparknn.engine.optim.OptimizerState;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * K-FAC's factors against PyTorch 1.13's hooks (tools/pytorch/kfac.py: the true Fisher's sampled
 * labels, A and G of dense and conv2d layers, float64, within 1e-10), its step against the formula
 * computed directly, its moving averages and inverse interval, and its state round trip.
 */
class KfacTest {
    private static final Golden GOLDEN = Golden.load("kfac.txt");
    private static final Precision F64 = Precision.FLOAT64;

    static final NetworkSpec MLP = NetworkSpec.builder(Shape.of(5))
            .dense(6)
            .relu()
            .add(new DenseSpec(4, Init.XAVIER_UNIFORM, false))
            .tanh()
            .dense(3)
            .build(LossKind.SOFTMAX_CROSS_ENTROPY);
    static final NetworkSpec CNN = NetworkSpec.builder(Shape.of(2, 7, 6))
            .add(new Conv2dSpec(3, 3, 2, 2, 2, 1, 1, Init.HE_UNIFORM, true))
            .relu()
            .add(new Conv2dSpec(4, 2, 2, 1, 1, 0, 0, Init.HE_UNIFORM, false))
            .tanh()
            .flatten()
            .dense(3)
            .build(LossKind.SOFTMAX_CROSS_ENTROPY);

    static Batch batch(NetworkSpec spec, Precision p, double[] x) {
        int n = x.length / spec.input().size();
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 100 + i;
        }
        return new Batch(Storage.of(p, x), n, Targets.labels(new int[n]), ids, 5, 2);
    }

    @Test
    void factorsOfDenseAndConvLayersAreTorchHooksWithin1e10() {
        check("mlp", MLP, 3);
        check("cnn", CNN, 3);
    }

    private static void check(String name, NetworkSpec spec, int layers) {
        double[] w = GOLDEN.get(name + ".w");
        Batch b = batch(spec, F64, GOLDEN.get(name + ".x"));
        try (Network net = Network.of(spec, Network.Options.of(F64, 1), w, new double[0])) {
            Storage logits = net.predict(b.x(), b.n());
            int[] labels = KfacShards.sample(logits, b.n(), 3, 1, b);
            double[] expected = GOLDEN.get(name + ".labels");
            for (int i = 0; i < labels.length; i++) {
                assertEquals((int) expected[i], labels[i], name + ": the sampled class of example " + i);
            }
            double[] sums = KfacShards.factors(net, b);
            Kfac k = new Kfac(new KfacSpec(0.1, 1e-3, 0.95, 1), F64, spec);
            assertEquals(layers, k.blocks().size());
            k.step(Storage.of(F64, w), Storage.allocate(F64, w.length), sums, b.n(), 0.1);
            for (int j = 0; j < layers; j++) {
                assertEquals(GOLDEN.get(name + ".A" + j).length, k.factorA(j).length);
                assertEquals(GOLDEN.get(name + ".G" + j).length, k.factorG(j).length);
                Golden.assertClose(GOLDEN.get(name + ".A" + j), k.factorA(j), 1e-10, name + " A" + j);
                Golden.assertClose(GOLDEN.get(name + ".G" + j), k.factorG(j), 1e-10, name + " G" + j);
            }
        }
    }

    /** A dense layer, batch norm (whose parameters take the base optimizer's plain step), a dense layer. */
    static final NetworkSpec WITH_NORM = NetworkSpec.builder(Shape.of(4))
            .dense(5)
            .batchNorm()
            .relu()
            .dense(3)
            .build(LossKind.SOFTMAX_CROSS_ENTROPY);

    @Test
    void theStepIsTheDampedKroneckerInverseTimesTheGradientAndAveragesTheFactors() {
        KfacSpec spec = new KfacSpec(0.5, 0.04, 0.9, 2);
        SplittableRandom rng = new SplittableRandom(3);
        Kfac k = new Kfac(spec, F64, WITH_NORM);
        List<Kfac.Block> blocks = k.blocks();
        int count = WITH_NORM.paramCount();
        double[][] sums = {randomSums(blocks, rng), randomSums(blocks, rng), randomSums(blocks, rng)};
        double[][] grads = {random(count, rng), random(count, rng), random(count, rng)};
        int n = 6;
        Storage params = Storage.of(F64, random(count, rng));
        double[] inverted = null;
        for (int step = 0; step < 3; step++) {
            double[] before = params.toDoubles();
            k.step(params, Storage.of(F64, grads[step]), sums[step], n, spec.lr());
            double[] after = params.toDoubles();
            // ε_k = min(1 − 1/k, 0.9): 0, then 1/2, then 2/3
            double[] averaged = average(sums, step, blocks, n);
            assertArrayEquals(slice(averaged, blocks, 0, true), k.factorA(0), 1e-15, "A at step " + (step + 1));
            if (step % 2 == 0) { // inverted at steps 1 and 3, the step-1 inverses used at step 2
                inverted = averaged;
            }
            boolean[] block = new boolean[count];
            int at = 0;
            for (int j = 0; j < blocks.size(); j++) {
                Kfac.Block b = blocks.get(j);
                double[] a = slice(inverted, blocks, j, true);
                double[] g = slice(inverted, blocks, j, false);
                double pi = Math.sqrt((trace(a, b.a()) / b.a()) / (trace(g, b.out()) / b.out()));
                double gamma = Math.sqrt(spec.damping());
                double[] aInv = naiveInverse(plusDiagonal(a, b.a(), pi * gamma), b.a());
                double[] gInv = naiveInverse(plusDiagonal(g, b.out(), gamma / pi), b.out());
                double[] m = new double[b.out() * b.a()];
                for (int o = 0; o < b.out(); o++) {
                    for (int i = 0; i < b.in(); i++) {
                        m[o * b.a() + i] = grads[step][b.offset() + o * b.in() + i];
                    }
                    m[o * b.a() + b.in()] = grads[step][b.offset() + b.out() * b.in() + o];
                }
                double[] v = times(times(gInv, m, b.out(), b.out(), b.a()), aInv, b.out(), b.a(), b.a());
                for (int o = 0; o < b.out(); o++) {
                    for (int i = 0; i <= b.in(); i++) {
                        int p = i < b.in() ? b.offset() + o * b.in() + i : b.offset() + b.out() * b.in() + o;
                        assertEquals(v[o * b.a() + i], (before[p] - after[p]) / spec.lr(), 1e-9, "step " + step);
                        block[p] = true;
                    }
                }
                at++;
            }
            assertEquals(2, at);
            int plain = 0;
            for (int p = 0; p < count; p++) {
                if (!block[p]) { // batch norm's gamma and beta: the base optimizer, θ − lr·g
                    assertEquals(before[p] - spec.lr() * grads[step][p], after[p], 1e-15, "parameter " + p);
                    plain++;
                }
            }
            assertEquals(10, plain);
        }
    }

    @Test
    void aRestoredStateGoesOnWithTheSameBitsInFloat32() {
        Precision p = Precision.FLOAT32;
        // inverted at steps 1 and 4: steps 3 and 4 after the restore, step 3 with the step-1 inverses it holds
        KfacSpec spec = new KfacSpec(0.3, 0.01, 0.95, 3);
        SplittableRandom rng = new SplittableRandom(9);
        int count = WITH_NORM.paramCount();
        Kfac a = new Kfac(spec, p, WITH_NORM);
        Storage pa = Storage.of(p, random(count, rng));
        List<double[]> sums = List.of(
                randomSums(a.blocks(), rng),
                randomSums(a.blocks(), rng),
                randomSums(a.blocks(), rng),
                randomSums(a.blocks(), rng));
        List<double[]> grads = List.of(random(count, rng), random(count, rng), random(count, rng), random(count, rng));
        Kfac fresh = new Kfac(spec, p, WITH_NORM);
        fresh.restore(a.state());
        assertEquals(0, a.state().buffers().length, "no buffers before the first step");
        a.step(pa, Storage.of(p, grads.get(0)), sums.get(0), 4, spec.lr());
        a.step(pa, Storage.of(p, grads.get(1)), sums.get(1), 4, spec.lr());
        // through float32 buffers, as a float32 checkpoint holds them
        OptimizerState saved = a.state();
        double[][] narrowed = saved.buffers();
        for (double[] buffer : narrowed) {
            assertEquals(count, buffer.length);
            for (int i = 0; i < buffer.length; i++) {
                assertEquals(buffer[i], (float) buffer[i], "a state value is a float32");
            }
        }
        Kfac b = new Kfac(spec, p, WITH_NORM);
        b.restore(new OptimizerState(saved.steps(), narrowed));
        Storage pb = pa.copy();
        for (int step = 2; step < 4; step++) {
            a.step(pa, Storage.of(p, grads.get(step)), sums.get(step), 4, spec.lr());
            b.step(pb, Storage.of(p, grads.get(step)), sums.get(step), 4, spec.lr());
        }
        assertArrayEquals(pa.toDoubles(), pb.toDoubles());
        assertEquals(a.state(), b.state());
        assertNotEquals(saved, a.state());
        assertThrows(
                IllegalArgumentException.class,
                () -> new Kfac(spec, p, WITH_NORM).restore(new OptimizerState(2, new double[0][])));
        double[][] short3 = new double[narrowed.length][3];
        String e = assertThrows(
                        IllegalArgumentException.class,
                        () -> new Kfac(spec, p, WITH_NORM).restore(new OptimizerState(2, short3)))
                .getMessage();
        assertEquals("kfac state buffer of length 3 for " + count + " parameters", e);
    }

    @Test
    void configKeysAreStrict() {
        OptimizerSpec s = OptimizerSpecs.parse("test", "kfac lr=0.2 damping=0.01 factor_decay=0.9 inverse_interval=5");
        assertEquals(new KfacSpec(0.2, 0.01, 0.9, 5), s);
        assertEquals(s, OptimizerSpecs.parse("test", s.toText()));
        String e = assertThrows(SpecException.class, () -> OptimizerSpecs.parse("test", "kfac momentum=0.9"))
                .getMessage();
        assertTrue(e.contains("momentum"), e);
        e = assertThrows(SpecException.class, () -> OptimizerSpecs.parse("test", "kfac factor_decay=1"))
                .getMessage();
        assertTrue(e.contains("factor_decay"), e);
        e = assertThrows(SpecException.class, () -> OptimizerSpecs.parse("test", "kfac damping=0"))
                .getMessage();
        assertTrue(e.contains("damping"), e);
        e = assertThrows(SpecException.class, () -> OptimizerSpecs.parse("test", "kfac inverse_interval=0"))
                .getMessage();
        assertTrue(e.contains("inverse_interval"), e);
    }

    // ---- the direct computation ----

    private static double[] average(double[][] sums, int step, List<Kfac.Block> blocks, int n) {
        double[] f = null;
        for (int k = 1; k <= step + 1; k++) {
            double eps = Math.min(1 - 1.0 / k, 0.9);
            double[] batch = unpacked(sums[k - 1], blocks);
            int at = 0;
            for (Kfac.Block b : blocks) {
                for (int i = 0; i < b.a() * b.a(); i++) {
                    batch[at++] /= n;
                }
                for (int i = 0; i < b.out() * b.out(); i++) {
                    batch[at++] /= (double) n * b.locations();
                }
            }
            if (f == null) {
                f = batch;
            } else {
                for (int i = 0; i < f.length; i++) {
                    f[i] = eps * f[i] + (1 - eps) * batch[i];
                }
            }
        }
        return f;
    }

    private static double[] slice(double[] all, List<Kfac.Block> blocks, int j, boolean a) {
        int at = 0;
        for (int i = 0; i < j; i++) {
            Kfac.Block b = blocks.get(i);
            at += b.a() * b.a() + b.out() * b.out();
        }
        Kfac.Block b = blocks.get(j);
        int from = a ? at : at + b.a() * b.a();
        int len = a ? b.a() * b.a() : b.out() * b.out();
        return java.util.Arrays.copyOfRange(all, from, from + len);
    }

    /** Sums of m m^T over a few random rows per factor: symmetric positive semi-definite as real ones are; upper triangles. */
    private static double[] randomSums(List<Kfac.Block> blocks, SplittableRandom rng) {
        double[] out = new double[Kfac.statisticLength(blocks)];
        int at = 0;
        for (Kfac.Block b : blocks) {
            for (int d : new int[] {b.a(), b.out()}) {
                for (int r = 0; r < 8; r++) {
                    double[] v = random(d, rng);
                    int k = at;
                    for (int i = 0; i < d; i++) {
                        for (int c = i; c < d; c++) {
                            out[k++] += v[i] * v[c];
                        }
                    }
                }
                at += d * (d + 1) / 2;
            }
        }
        return out;
    }

    /** The statistic with each factor's upper triangle made the full symmetric matrix, block after block. */
    private static double[] unpacked(double[] sums, List<Kfac.Block> blocks) {
        int length = 0;
        for (Kfac.Block b : blocks) {
            length += b.a() * b.a() + b.out() * b.out();
        }
        double[] full = new double[length];
        int at = 0;
        int k = 0;
        for (Kfac.Block b : blocks) {
            for (int d : new int[] {b.a(), b.out()}) {
                for (int i = 0; i < d; i++) {
                    for (int c = i; c < d; c++) {
                        full[at + i * d + c] = sums[k];
                        full[at + c * d + i] = sums[k++];
                    }
                }
                at += d * d;
            }
        }
        assertEquals(sums.length, k);
        return full;
    }

    private static double[] random(int n, SplittableRandom rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return v;
    }

    private static double trace(double[] m, int n) {
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += m[i * n + i];
        }
        return t;
    }

    private static double[] plusDiagonal(double[] m, int n, double d) {
        double[] r = m.clone();
        for (int i = 0; i < n; i++) {
            r[i * n + i] += d;
        }
        return r;
    }

    /** Gauss-Jordan with partial pivoting: another way than the optimizer's Cholesky. */
    private static double[] naiveInverse(double[] m, int n) {
        double[][] t = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[i][j] = m[i * n + j];
            }
            t[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(t[r][c]) > Math.abs(t[pivot][c])) {
                    pivot = r;
                }
            }
            double[] swap = t[c];
            t[c] = t[pivot];
            t[pivot] = swap;
            double d = t[c][c];
            for (int j = 0; j < 2 * n; j++) {
                t[c][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = t[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        t[r][j] -= f * t[c][j];
                    }
                }
            }
        }
        double[] inv = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                inv[i * n + j] = t[i][n + j];
            }
        }
        return inv;
    }

    private static double[] times(double[] x, double[] y, int r, int n, int c) {
        double[] z = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += x[i * n + k] * y[k * c + j];
                }
                z[i * c + j] = s;
            }
        }
        return z;
    }
}
