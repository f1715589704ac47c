package io.sparknn.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reference tensors written by a script under tools/pytorch: one per line, {@code name v1 v2 ...},
 * flattened row-major; lines starting with '#' are comments.
 */
public final class Golden {
    private final String file;
    private final Map<String, double[]> tensors;

    private Golden(String file, Map<String, double[]> tensors) {
        this.file = file;
        this.tensors = tensors;
    }

    /** Reads {@code golden/<file>} from the test resources. */
    public static Golden load(String file) {
        Map<String, double[]> t = new HashMap<>();
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no test resource golden/" + file);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                double[] v = new double[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    v[i - 1] = Double.parseDouble(parts[i]);
                }
                t.put(parts[0], v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Golden(file, t);
    }

    public double[] get(String name) {
        double[] v = tensors.get(name);
        if (v == null) {
            throw new IllegalArgumentException(file + " has no tensor " + name);
        }
        return v.clone();
    }

    /** The tensor as a storage of the given precision. */
    public Storage storage(Precision p, String name) {
        return Storage.of(p, get(name));
    }

    /** Fails unless |actual − expected| ≤ tol·max(1, |expected|) for every value, naming the first that is not. */
    public static void assertClose(double[] expected, double[] actual, double tol, String what) {
        if (actual.length < expected.length) {
            throw new AssertionError(what + ": " + actual.length + " values, expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= tol * Math.max(1, Math.abs(expected[i])))) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }
}
