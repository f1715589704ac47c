package io.sparknn.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknn.engine.Batch;
import io.sparknn.engine.Fixtures;
import io.sparknn.engine.GradientCheck;
import io.sparknn.engine.Network;
import io.sparknn.engine.NetworkSpec;
import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;

/** Checks shared by the LSTM and GRU tests. */
final class RecurrentCarry {
    private RecurrentCarry() {}

    /**
     * One window of 2T steps gives the same outputs and final state as two windows of T steps with
     * the state carried in place: the final state written back into the storage the next window reads.
     */
    static void assertWindowsChain(RecurrentSpec spec, int n, int steps, int in) {
        RecurrentHarness whole =
                new RecurrentHarness(spec, Precision.FLOAT64, n, 2 * steps, in, false).randomize(21, false);
        RecurrentHarness half = new RecurrentHarness(spec, Precision.FLOAT64, n, steps, in, false);
        half.params.copyFrom(whole.params, 0, 0, whole.params.length());
        int size = whole.recurrent.stateSize();
        int stride = whole.stateStride;
        int pad = RecurrentHarness.STATE_PAD;
        Storage carried = whole.state.copy();

        Storage y = whole.forward();
        double[] expected = y.toDoubles(0, n * 2 * steps * spec.hidden());
        Storage finalWhole = Storage.allocate(Precision.FLOAT64, carried.length());
        whole.recurrent.copyFinalState(finalWhole, pad, stride);

        half.recurrent.setInitialState(carried, pad, stride);
        int hw = steps * spec.hidden();
        for (int w = 0; w < 2; w++) {
            half.x = Storage.allocate(Precision.FLOAT64, n * steps * in);
            for (int e = 0; e < n; e++) {
                half.x.copyFrom(whole.x, (e * 2 * steps + w * steps) * in, e * steps * in, steps * in);
            }
            Storage yw = half.layer.forward(half.x, n, ForwardPass.INFERENCE);
            half.recurrent.copyFinalState(carried, pad, stride);
            for (int e = 0; e < n; e++) {
                double[] want = java.util.Arrays.copyOfRange(expected, e * 2 * hw + w * hw, e * 2 * hw + (w + 1) * hw);
                assertArrayEquals(want, yw.toDoubles(e * hw, hw), 1e-13, "window " + w + " example " + e);
            }
        }
        for (int e = 0; e < n; e++) {
            int off = pad + e * stride;
            assertArrayEquals(finalWhole.toDoubles(off, size), carried.toDoubles(off, size), 1e-13, "final state " + e);
        }
    }

    /** The float32 kernels (the source the float64 ones are generated from) agree to float precision. */
    static void assertFloat32AgreesWithFloat64(RecurrentSpec spec, int n, int steps, int in) {
        RecurrentHarness d = new RecurrentHarness(spec, Precision.FLOAT64, n, steps, in, true).randomize(5, false);
        RecurrentHarness f = new RecurrentHarness(spec, Precision.FLOAT32, n, steps, in, true);
        f.params.copyFrom(d.params.toDoubles(), 0, 0, d.params.length());
        f.x = Storage.of(Precision.FLOAT32, d.x.toDoubles());
        f.r = Storage.of(Precision.FLOAT32, d.r.toDoubles());
        f.state = Storage.of(Precision.FLOAT32, d.state.toDoubles());
        int outs = n * d.outputSize();
        assertArrayEquals(d.forward().toDoubles(0, outs), f.forward().toDoubles(0, outs), 1e-5, "outputs");
        Storage dxd = d.backward(true);
        Storage dxf = f.backward(true);
        assertArrayEquals(dxd.toDoubles(0, n * steps * in), dxf.toDoubles(0, n * steps * in), 1e-5, "input gradient");
        assertArrayEquals(d.grads.toDoubles(), f.grads.toDoubles(), 1e-5, "parameter gradients");
        int len = d.state.length();
        Storage sd = Storage.allocate(Precision.FLOAT64, len);
        Storage sf = Storage.allocate(Precision.FLOAT32, len);
        d.recurrent.copyInitialStateGradient(sd, RecurrentHarness.STATE_PAD, d.stateStride);
        f.recurrent.copyInitialStateGradient(sf, RecurrentHarness.STATE_PAD, f.stateStride);
        assertArrayEquals(sd.toDoubles(), sf.toDoubles(), 1e-5, "initial-state gradient");
    }

    /**
     * Central differences over every parameter and input value of a float64 network with input
     * gradients, as {@link GradientCheck#check} but extrapolated (Richardson: {@code (4·D(h/2) − D(h))/3}
     * with h = 1e-3), returning the worst relative error. GradientCheck's plain 1e-5 difference
     * resolves a loss sum of ~11 (n·T cross-entropy terms, ulp 1.8e-15) only to gradient steps of
     * 9e-11, which is 9e-7 of its 1e-4 error floor, so recurrent stacks sit at 1e-6 from rounding
     * alone; a plain larger step trades that for O(h²) truncation (the gates have large third
     * derivatives). The extrapolation cancels the h² term, leaving O(h⁴), and the large step keeps
     * rounding near 4e-12: worst errors here are ~5e-8.
     */
    static double networkCheck(Network net, Batch b) {
        net.computeGradients(b);
        double[] dp = net.gradients().toDoubles();
        double[] dx =
                net.inputGradient().toDoubles(0, b.n() * net.spec().input().size());
        return Math.max(worst(net, b, net.parameters(), dp), worst(net, b, b.x(), dx));
    }

    private static double worst(Network net, Batch b, Storage s, double[] analytic) {
        double h = 1e-3;
        double worst = 0;
        for (int i = 0; i < analytic.length; i++) {
            double numeric = (4 * difference(net, b, s, i, h / 2) - difference(net, b, s, i, h)) / 3;
            worst = Math.max(worst, GradientCheck.relativeError(analytic[i], numeric));
        }
        return worst;
    }

    private static double difference(Network net, Batch b, Storage s, int i, double h) {
        double v = s.get(i);
        s.set(i, v + h);
        double plus = net.computeGradients(b).sum();
        s.set(i, v - h);
        double minus = net.computeGradients(b).sum();
        s.set(i, v);
        return (plus - minus) / (2 * h);
    }

    /** Replicas on two threads (uneven chunks) give the single-thread loss and gradients. */
    static void assertThreadsAgree(NetworkSpec spec) {
        int n = 5;
        int rows = spec.output().rowsPerExample();
        Batch b = Batch.of(
                Fixtures.inputs(Precision.FLOAT64, n * spec.input().size(), 4),
                n,
                Fixtures.labels(n * rows, spec.output().last(), 6));
        try (Network one = Network.create(spec, Network.Options.of(Precision.FLOAT64, 1), 3);
                Network two = Network.create(spec, Network.Options.of(Precision.FLOAT64, 2), 3)) {
            double s1 = one.computeGradients(b).sum();
            double s2 = two.computeGradients(b).sum();
            assertEquals(s1, s2, 1e-12 * Math.abs(s1));
            assertArrayEquals(one.gradients().toDoubles(), two.gradients().toDoubles(), 1e-12);
        }
    }
}
