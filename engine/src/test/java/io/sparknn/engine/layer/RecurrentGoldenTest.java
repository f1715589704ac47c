package io.sparknn.engine.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknn.engine.Precision;
import io.sparknn.engine.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Outputs, final states and gradients of {@code sum(output ⊙ R)} against PyTorch's nn.LSTM and nn.GRU
 * in float64 (tools/pytorch/lstm.py): "seq" with all steps and a drawn initial state, "last" with the
 * last step and a zero initial state, whose gradient is still asked for.
 */
class RecurrentGoldenTest {
    private static final double TOLERANCE = 1e-10;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"lstm, seq", "lstm, last", "gru, seq", "gru, last"})
    void matchesPyTorch(String kind, String name) throws IOException {
        Map<String, double[]> g = read("/golden/lstm/" + kind + ".txt");
        String p = name + ".";
        double[] size = g.get(p + "size");
        int n = (int) size[0];
        int steps = (int) size[1];
        int in = (int) size[2];
        int hidden = (int) size[3];
        boolean lstm = kind.equals("lstm");
        boolean sequences = name.equals("seq");
        RecurrentHarness h =
                new RecurrentHarness(new RecurrentSpec(lstm, hidden, sequences), Precision.FLOAT64, n, steps, in, true);
        double[] weights = concat(g.get(p + "w_ih"), g.get(p + "w_hh"), g.get(p + "b_ih"), g.get(p + "b_hh"));
        assertEquals(h.paramCount, weights.length, "PyTorch's parameter count");
        h.params.copyFrom(weights, 0, RecurrentHarness.PARAM_PAD, weights.length);
        h.x = Storage.of(Precision.FLOAT64, g.get(p + "x"));
        h.r = Storage.of(Precision.FLOAT64, g.get(p + "r"));
        int size1 = h.recurrent.stateSize();
        boolean zeroState = name.equals("last");
        h.state = zeroState ? null : packState(g, p, n, hidden, lstm, h.stateStride);

        Storage dx = h.backward(true);
        Storage y = h.forward();
        assertClose(g.get(p + "y"), y.toDoubles(0, n * h.outputSize()), "output");
        Storage fin = Storage.allocate(Precision.FLOAT64, n * size1);
        h.recurrent.copyFinalState(fin, 0, size1);
        assertClose(g.get(p + "hn"), part(fin, n, size1, 0, hidden), "final h");
        if (lstm) {
            assertClose(g.get(p + "cn"), part(fin, n, size1, hidden, hidden), "final c");
        }

        double[] grads = h.grads.toDoubles(RecurrentHarness.PARAM_PAD, h.paramCount);
        assertClose(
                concat(g.get(p + "dw_ih"), g.get(p + "dw_hh"), g.get(p + "db_ih"), g.get(p + "db_hh")),
                grads,
                "parameter gradients");
        assertClose(g.get(p + "dx"), dx.toDoubles(0, n * steps * in), "input gradient");
        Storage ds = Storage.allocate(Precision.FLOAT64, n * size1);
        h.recurrent.copyInitialStateGradient(ds, 0, size1);
        assertClose(g.get(p + "dh0"), part(ds, n, size1, 0, hidden), "initial h gradient");
        if (lstm) {
            assertClose(g.get(p + "dc0"), part(ds, n, size1, hidden, hidden), "initial c gradient");
        }
    }

    /** PyTorch's h0 (n, h) and c0 (n, h) as the layer's rows {@code [h | c]} at STATE_PAD + i·stride. */
    private static Storage packState(Map<String, double[]> g, String p, int n, int hidden, boolean lstm, int stride) {
        Storage s = Storage.allocate(Precision.FLOAT64, RecurrentHarness.STATE_PAD + n * stride);
        for (int e = 0; e < n; e++) {
            int off = RecurrentHarness.STATE_PAD + e * stride;
            s.copyFrom(g.get(p + "h0"), e * hidden, off, hidden);
            if (lstm) {
                s.copyFrom(g.get(p + "c0"), e * hidden, off + hidden, hidden);
            }
        }
        return s;
    }

    private static double[] part(Storage s, int n, int stride, int from, int width) {
        double[] out = new double[n * width];
        for (int e = 0; e < n; e++) {
            System.arraycopy(s.toDoubles(e * stride + from, width), 0, out, e * width, width);
        }
        return out;
    }

    private static double[] concat(double[]... parts) {
        int len = 0;
        for (double[] a : parts) {
            len += a.length;
        }
        double[] out = new double[len];
        int o = 0;
        for (double[] a : parts) {
            System.arraycopy(a, 0, out, o, a.length);
            o += a.length;
        }
        return out;
    }

    private static void assertClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + " length");
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs(want[i] - got[i]) / Math.max(1, Math.abs(want[i]));
            assertTrue(err < TOLERANCE, what + "[" + i + "]: PyTorch " + want[i] + ", engine " + got[i]);
        }
    }

    /** Lines {@code name v1 v2 ...}. */
    private static Map<String, double[]> read(String resource) throws IOException {
        Map<String, double[]> out = new HashMap<>();
        try (InputStream in = RecurrentGoldenTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.trim().split(" ");
                if (f[0].isEmpty()) {
                    continue;
                }
                double[] v = new double[f.length - 1];
                for (int i = 1; i < f.length; i++) {
                    v[i - 1] = Double.parseDouble(f[i]);
                }
                out.put(f[0], v);
            }
        }
        return out;
    }
}
